package dev.eventual.browser;

import dev.eventual.readmodel.Todo;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo and Retry (issue 20.9): the latest tick, move or delete is undone by a command of its own, which ben sees too and
 * which waits in the outbox across a reload; a change that failed is retried from its notice, its text as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UndoBrowserTest {
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
    ana.createList("Work");
    ana.createList("Chores");
    ana.share("ben");
    ben.openList("Chores");
    for (String text : List.of("milk", "bread", "eggs", "jam")) {
      ana.addTodo(text);
    }
    ana.until(d -> ana.confirmedTodos().size() == 4);
  }

  /** The todo as the node's read model holds it. */
  static Todo todo(String list, String text) {
    return backend.node.readModel().state().allLists().stream().filter(l -> l.name().equals(list) && !l.deleted())
      .flatMap(l -> l.todos().values().stream()).filter(t -> t.text().equals(text)).findFirst().orElse(null);
  }

  static boolean done(Browser b, String text) {
    return Boolean.TRUE.equals(b.js("const li = document.querySelector(`#todos li[data-text='${arguments[0]}']`);"
      + "return !!li && li.classList.contains('done') && li.dataset.status === 'confirmed'", text));
  }

  static void undo(String said) {
    ana.until(d -> ana.toasts().stream().anyMatch(t -> t.contains(said) && t.contains("Undo")));
    ana.find("ev-toasts .toast-undo").click();
    ana.until(d -> ana.toasts().stream().noneMatch(t -> t.contains(said)));
  }

  @Test
  @Order(1)
  @DisplayName("a tick is undone from its toast, for ben too")
  void undoTick() {
    ana.tick("milk");
    ben.until(d -> done(ben, "milk"));
    undo("Ticked 'milk'");
    ana.until(d -> !done(ana, "milk") && "confirmed".equals(ana.todoStatus("milk")));
    ben.until(d -> !done(ben, "milk"));
    assertThat(todo("Chores", "milk").completed()).isFalse();
  }

  @Test
  @Order(2)
  @DisplayName("an undo made offline waits in the outbox across a reload and goes out after its change, once")
  void undoSurvivesReload() {
    long before = todo("Chores", "bread").version();
    ana.js("window.dispatchEvent(new Event('offline'))");
    ana.tick("bread");
    undo("Ticked 'bread'");
    ana.until(d -> ana.pendingTexts().size() == 2);
    ana.driver.navigate().refresh();
    ana.until(Duration.ofSeconds(30), d -> "Chores".equals(ana.js("return document.querySelector('#list-title span')?.textContent"))
      && ana.pendingTexts().isEmpty());
    ana.until(d -> !done(ana, "bread") && "confirmed".equals(ana.todoStatus("bread")));
    Todo bread = todo("Chores", "bread");
    assertThat(bread.completed()).isFalse();
    assertThat(bread.version()).as("ticked, then unticked").isGreaterThan(before);
  }

  @Test
  @Order(3)
  @DisplayName("a move is undone once it is done: the todo is back in its list")
  void undoMove() {
    ana.find("button[aria-label='Move to another list: eggs']").click();
    ana.find("dialog[open] button.confirm").click();
    ana.until(d -> !ana.todos().contains("eggs"));
    undo("Moved 'eggs' to 'Work'");
    ana.until(Duration.ofSeconds(20), d -> ana.confirmedTodos().contains("eggs"));
    assertThat(todo("Chores", "eggs")).isNotNull();
    // The move back is a saga too: it is in 'Chores' at its second step, and leaves 'Work' at its third.
    ana.until(Duration.ofSeconds(20), d -> todo("Work", "eggs") == null);
  }

  @Test
  @Order(4)
  @DisplayName("a change that failed keeps its text in a notice with Retry; retried, it is added once and the notice goes")
  void retryFailed() {
    ana.mode("brave");
    backend.node.chaos().update(0, 0, 0, 1);
    try {
      ana.addTodo("flaky");
      ana.until(Duration.ofSeconds(60), d -> ana.errors().stream().anyMatch(e -> e.contains("Could not add 'flaky'") && e.contains("Retry")));
      assertThat(ana.todos()).as("rolled back").doesNotContain("flaky");
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
    }
    ana.find("ev-toasts .toast-error .toast-retry").click();
    ana.until(Duration.ofSeconds(20), d -> ana.confirmedTodos().contains("flaky"));
    ana.until(d -> ana.errors().isEmpty());
    assertThat(backend.count("Chores", "flaky")).isEqualTo(1);
    ana.mode("safe");
  }

  @Test
  @Order(5)
  @DisplayName("a delete is undone by restoring the todo as it was (needs the server's RestoreTodo, todo-restore)")
  void undoDelete() {
    Assumptions.assumeTrue(Boolean.TRUE.equals(ana.js("return __eventual.kinds.has('todo-restore')")),
      "this tree's kinds.js has no todo-restore row yet: the page side waits for the server command");
    ana.tick("jam");
    ana.until(d -> done(ana, "jam"));
    String id = todo("Chores", "jam").todoId();
    ana.delete("jam");
    ana.until(d -> !ana.todos().contains("jam"));
    undo("Deleted 'jam'");
    ana.until(Duration.ofSeconds(20), d -> done(ana, "jam"));
    ben.until(d -> ben.todos().contains("jam"));
    assertThat(todo("Chores", "jam").todoId()).isEqualTo(id);
    assertThat(backend.count("Chores", "jam")).isEqualTo(1);
  }
}
