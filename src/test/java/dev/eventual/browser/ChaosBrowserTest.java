package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Half of all commands answered 500 before they are enqueued: retries with the same key must add each todo once. */
class ChaosBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages(new JsonObject().put("chaos.enabled", "true").put("chaos.http500Rate", "0.5"));
  static Backend backend;
  static Browser ana;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    ana = pages.signedUp("ana");
  }

  @Test
  @DisplayName("with HTTP 500 chaos at 50%, twenty todos added end up exactly twenty, in order, no duplicates")
  void twentyTodosThroughChaos() throws Exception {
    ana.mode("brave");
    ana.createList("Chaos");
    List<String> texts = IntStream.rangeClosed(1, 20).mapToObj(i -> "todo " + i).toList();
    texts.forEach(ana::addTodo);
    ana.until(Duration.ofSeconds(120), d -> ana.confirmedTodos().size() >= 20 && ana.pendingTexts().isEmpty());

    assertThat(ana.todos()).containsExactlyElementsOf(texts);
    for (String text : texts) {
      assertThat(backend.count("Chaos", text)).as(text).isEqualTo(1);
    }
    int retried = ((Number) ana.js("return __eventual.sync.store.all().filter(c => c.tries > 1).length")).intValue();
    assertThat(retried).as("commands that needed more than one HTTP attempt").isPositive();
    ana.js("document.querySelector('ev-timeline details').open = true");
    ana.screenshot("chaos-twenty-todos.png");
    assertThat(ana.toasts().stream().noneMatch(t -> t.contains("toast-error") && t.contains("Could not"))).isTrue();
  }
}
