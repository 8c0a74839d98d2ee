package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving a todo to another list in Chromium (issue 13): "Move to…" by keyboard on a phone-wide page, ben seeing it
 * arrive in his list, and a move undone because the target was deleted meanwhile — its rollback and its reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages(new JsonObject().put("chaos.enabled", "true"));
  static Backend backend;
  static Browser ana;
  static Browser ben;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    ana = pages.signedUp("ana");
    ben = pages.signedUp("ben");
    ben.createList("Work");
    ben.share("ana");
    ana.createList("Groceries");
    ana.share("ben");
    ana.addTodo("milk");
    ana.addTodo("bread");
    ana.until(d -> ana.confirmedTodos().equals(List.of("milk", "bread")));
    ben.openList("Work");
  }

  /** The steps the timeline shows under ana's move of {@code text}: each as class, then text. */
  @SuppressWarnings("unchecked")
  static List<String> steps(String text) {
    return (List<String>) ana.js("const row = [...document.querySelectorAll('ev-timeline tr[data-command]')]"
      + ".find(r => r.cells[0].textContent.startsWith(\"move '\" + arguments[0] + \"'\"));"
      + "const steps = row && document.querySelector(`tr[data-steps-of='${row.dataset.command}']`);"
      + "return steps ? [...steps.querySelectorAll('.steps li')].map(li => li.className + ': ' + li.textContent) : [];", text);
  }

  @Test
  @Order(1)
  @DisplayName("on a 390 px page, Move to… by keyboard: the todo leaves ana's list, appears in ben's, and each step is timed")
  void moveByKeyboard() throws Exception {
    ana.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      ana.until(d -> ((Number) ana.js("return window.innerWidth")).intValue() <= 390);
      // On a phone a row's actions are behind its "⋯" button: Enter opens them with the focus on the first.
      ana.js("document.querySelector(\"button[aria-label='Actions: milk']\").focus()");
      ana.keys(Keys.ENTER);
      ana.until(d -> "Edit milk".equals(ana.js("return document.activeElement.getAttribute('aria-label')")));
      ana.keys(Keys.TAB);
      String box = "const r = document.activeElement.getBoundingClientRect();"
        + "return {right: r.right, width: r.width, height: r.height, label: document.activeElement.textContent}";
      Map<?, ?> move = (Map<?, ?>) ana.js(box);
      assertThat(((Number) move.get("right")).doubleValue()).as("within the phone's width").isLessThanOrEqualTo(390);
      assertThat(((Number) move.get("height")).doubleValue()).as("a tap target").isGreaterThanOrEqualTo(44);
      assertThat(move.get("label")).isEqualTo("Move to…");
      ana.keys(Keys.ENTER);
      ana.until(d -> "dialog-input".equals(ana.js("return document.activeElement?.id")));
      assertThat(ana.find("dialog[open]").getText()).contains("Move 'milk' to:");
      assertThat(ana.js("return [...document.querySelectorAll('#dialog-input option')].map(o => o.textContent)"))
        .isEqualTo(List.of("Work"));
      // Enter on the list confirms (issue 20.12), and the focus goes on to the next todo, not to the page.
      ana.keys(Keys.ENTER);
      ana.until(d -> !ana.todos().contains("milk"));
      assertThat(ana.js("return document.activeElement.closest('#todos li')?.dataset.text ?? document.activeElement.tagName"))
        .isEqualTo("bread");
      ben.until(d -> ben.todos().equals(List.of("milk")));
      assertThat(ben.find("#todos li button.origin").getText()).isEqualTo("from 'Groceries'");
      ben.until(d -> ben.toasts().stream().anyMatch(t -> t.contains("ana moved 'milk' into 'Work'")));
      ana.until(d -> steps("milk").size() == 3);
      assertThat(steps("milk")).satisfiesExactly(
        s -> assertThat(s).matches("step step-succeeded: 1 · \\d\\d:\\d\\d:\\d\\d\\.\\d{3} · marked as moving"),
        s -> assertThat(s).endsWith(" · added to the other list"),
        s -> assertThat(s).endsWith(" · removed from this list"));
      assertThat(ana.errors()).isEmpty();
      ana.screenshot("move-phone.png");
    } finally {
      ana.driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(2)
  @DisplayName("a move whose target is deleted meanwhile is rolled back: the todo back as it was, the reason, the rollback in its own colour")
  void rolledBack() throws Exception {
    String work = (String) ben.js("return Object.values(window.__eventual.sync.model.lists).find(l => l.name === 'Work').listId");
    // Each decision waits 400 ms, so ben's delete of Work is decided before the move's second step.
    backend.node.chaos().update(0, 400, 400, 0);
    try {
      ana.find("button[aria-label='Move to another list: bread']").click();
      ana.find("dialog[open] button.confirm").click();
      ben.js("window.__eventual.sync.submit('list-delete', {listId: arguments[0], name: 'Work'})", work);
      ana.until(d -> "moving".equals(ana.todoStatus("bread")));
      // Named while ana still holds Work: ben's delete may be folded here before the move's first step.
      assertThat(ana.find("#todos li.moving .todo-status").getText()).matches("moving to '(Work|another list)'…");
      ana.until(d -> ana.errors().stream().anyMatch(e -> e.contains("Could not move 'bread' to 'Work': 'Work' has been deleted"
        + " — it is back where it was")));
      ana.until(d -> "confirmed".equals(ana.todoStatus("bread")));
      assertThat(ana.todos()).containsExactly("bread");
      ana.js("document.querySelector('ev-timeline details').open = true");
      assertThat(steps("bread")).satisfiesExactly(
        s -> assertThat(s).startsWith("step step-succeeded: 1 · ").endsWith("marked as moving"),
        s -> assertThat(s).startsWith("step step-rejected: 2 · ").endsWith("refused: 'Work' has been deleted"),
        s -> assertThat(s).startsWith("step step-undo: 3 · ").endsWith("rolled back: it is back where it was"));
      @SuppressWarnings("unchecked")
      List<String> colours = (List<String>) ana.js("const row = [...document.querySelectorAll('ev-timeline tr[data-command]')]"
        + ".find(r => r.cells[0].textContent.startsWith(\"move 'bread'\"));"
        + "return [...document.querySelectorAll(`tr[data-steps-of='${row.dataset.command}'] .steps li`)]"
        + ".map(li => getComputedStyle(li).borderLeftColor)");
      assertThat(colours).doesNotHaveDuplicates();
      ana.screenshot("move-rolled-back.png");
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
    }
  }
}
