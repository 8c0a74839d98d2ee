package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command timeline draws the server's hops of a command beside the page's own marks (issue 22). */
class TimelineHopsBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages(new JsonObject());
  static Browser ana;

  @BeforeAll
  static void start() throws Exception {
    ana = pages.signedUp("ana");
    ana.createList("Traced");
  }

  @Test
  @DisplayName("with the timeline open, a todo added shows where the server spent its time: queued, decided, appended, folded, pushed, under its trace id")
  void hopsOfACommand() throws Exception {
    ana.js("document.querySelector('ev-timeline details').open = true");
    ana.addTodo("follow me");
    String row = "const row = [...document.querySelectorAll('ev-timeline tr[data-command]')]"
      + ".find(r => r.cells[0].textContent.includes('follow me'));";
    ana.until(d -> Boolean.TRUE.equals(ana.js(row + "return !!row?.querySelector('.hops .hop-pushed');")));
    @SuppressWarnings("unchecked")
    Map<String, Object> drawn = (Map<String, Object>) ana.js(row + "return {hops: [...row.querySelectorAll('.hops .hop')]"
      + ".map(s => s.dataset.hop), words: row.querySelector('.hop-words').textContent,"
      + " trace: row.querySelector('.hop-words').dataset.trace}");
    assertThat(drawn.get("hops")).isEqualTo(List.of("confirm", "queued", "decided", "appended", "folded", "pushed"));
    assertThat((String) drawn.get("words")).startsWith("server: confirm ").contains(" · queued ", " · pushed ");
    assertThat((String) drawn.get("trace")).matches("[0-9a-f]{32}");
    @SuppressWarnings("unchecked")
    List<String> sent = (List<String>) ana.js("return Object.values(localStorage).flatMap(v => { try { const x = JSON.parse(v);"
      + " return JSON.stringify(x).match(/00-[0-9a-f]{32}-[0-9a-f]{16}-01/g) ?? []; } catch { return []; } })");
    assertThat(sent).as("the trace id is the one the page sent").anyMatch(t -> t.substring(3, 35).equals(drawn.get("trace")));
    ana.screenshot("docs-timeline-hops.png");
  }
}
