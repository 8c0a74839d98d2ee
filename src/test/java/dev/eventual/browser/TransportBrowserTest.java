package dev.eventual.browser;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-Sent Events in Chromium: a bare EventSource, and the page on SSE when the socket cannot open or is not wanted. */
class TransportBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();

  @Test
  @DisplayName("a bare EventSource receives the caller's events with their cursors as ids, and ?lastEventId= resumes after one")
  void eventSource() throws Exception {
    Browser ana = pages.signedUp("ana-es");
    ana.js("window.__got = []; const es = new EventSource('/api/events/stream'); window.__es = es;"
      + "for (const name of ['list-create', 'todo-create']) es.addEventListener(name, e => window.__got.push([e.type, e.lastEventId, e.data]));");
    ana.until(d -> Long.valueOf(1).equals(ana.js("return window.__es.readyState")));
    ana.createList("Stream");
    ana.addTodo("milk");
    ana.until(d -> ((List<?>) ana.js("return window.__got")).size() == 2);
    @SuppressWarnings("unchecked")
    List<List<String>> got = (List<List<String>>) ana.js("return window.__got");
    assertThat(got).extracting(e -> e.get(0)).containsExactly("list-create", "todo-create");
    for (List<String> e : got) {
      assertThat(new io.vertx.core.json.JsonObject(e.get(2)).getLong("cursor")).isEqualTo(Long.parseLong(e.get(1)));
    }
    String after = got.get(0).get(1);
    ana.js("window.__es.close(); window.__again = []; const es = new EventSource('/api/events/stream?lastEventId=' + arguments[0]);"
      + "es.addEventListener('todo-create', e => window.__again.push(JSON.parse(e.data).payload.text)); window.__es = es;", after);
    ana.until(d -> List.of("milk").equals(ana.js("return window.__again")));
    ana.js("window.__es.close()");
  }

  @Test
  @DisplayName("with /eventbus refused for the page, it falls back to Server-Sent Events, says so, and works end to end in Safe mode")
  void webSocketBlocked() throws Exception {
    Browser ben = pages.browser("ben-sse");
    ben.driver.executeCdpCommand("Network.enable", Map.of());
    ben.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/eventbus/*", "*/eventbus")));
    ben.signUp("ben-sse");
    ben.until(d -> "sse".equals(ben.js("return document.querySelector('#connection').dataset.transport")));
    assertThat(ben.connection()).contains("Live · Server-Sent Events");
    ben.mode("safe");
    ben.createList("Offline-proof");
    ben.addTodo("bread");
    ben.until(d -> ben.confirmedTodos().equals(List.of("bread")));

    Browser ana = pages.signedUp("ana-ws");
    assertThat(ana.connection()).contains("Live · WebSocket");
    ben.share("ana-ws");
    ana.openList("Offline-proof");
    ana.addTodo("butter");
    ben.until(d -> ben.todos().contains("butter"));
    ben.until(d -> ben.toasts().stream().anyMatch(t -> t.contains("ana-ws added 'butter'")));
    ben.screenshot("transport-sse.png");
  }

  @Test
  @DisplayName("Server-Sent Events chosen in the page is used at once and after a reload; Automatic goes back to the socket")
  void chosen() throws Exception {
    Browser cat = pages.signedUp("cat-choice");
    assertThat(cat.connection()).contains("WebSocket");
    new Select(cat.find("#transport")).selectByValue("sse");
    cat.until(d -> cat.connection().contains("Live · Server-Sent Events"));
    cat.driver.navigate().refresh();
    cat.until(d -> cat.connection().contains("Live · Server-Sent Events"));
    cat.createList("Chosen");
    cat.addTodo("tea");
    cat.until(d -> cat.confirmedTodos().equals(List.of("tea")));
    new Select(cat.find("#transport")).selectByValue("auto");
    cat.until(d -> cat.connection().contains("Live · WebSocket"));
  }
}
