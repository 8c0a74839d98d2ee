package dev.eventual.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ana and ben change one list at the same time, online and offline (issue 12): conflicts are per todo and per field,
 * a true conflict is told in words with a choice, and an open editor survives whatever the other one does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConflictBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Backend backend;
  static Browser ana;
  static Browser ben;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    ana = pages.signedUp("ana");
    ben = pages.signedUp("ben");
    ana.createList("Trip");
    ana.share("ben");
    ben.openList("Trip");
  }

  private static void both(String text) {
    for (Browser b : List.of(ana, ben)) {
      b.until(d -> b.confirmedTodos().contains(text));
    }
  }

  @Test
  @Order(1)
  @DisplayName("ben's offline edit of one todo is accepted although ana added another todo meanwhile")
  void offlineEditWhileOtherAdds() {
    ana.addTodo("tickets");
    both("tickets");
    ben.offline(true);
    ben.edit("tickets", "train tickets");
    ana.addTodo("passport");
    ana.until(d -> ana.confirmedTodos().contains("passport"));
    ben.offline(false);
    ben.until(Duration.ofSeconds(30), d -> ben.confirmedTodos().containsAll(List.of("train tickets", "passport"))
      && ben.pendingTexts().isEmpty());
    ana.until(d -> ana.confirmedTodos().contains("train tickets"));
    assertThat(ben.errors()).isEmpty();
    assertThat(ben.conflicts()).isEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("changes to different fields of one todo merge: ana ticks it while ben, offline, changes its text")
  void fieldsMerge() {
    ana.addTodo("socks");
    both("socks");
    ben.offline(true);
    ben.edit("socks", "wool socks");
    ana.tick("socks");
    ana.until(d -> Boolean.TRUE.equals(ana.js("const li = document.querySelector('#todos li[data-text=\"socks\"]');"
      + "return !!li && li.classList.contains('done') && li.dataset.status === 'confirmed'")));
    ben.offline(false);
    for (Browser b : List.of(ana, ben)) {
      b.until(Duration.ofSeconds(30), d -> Boolean.TRUE.equals(b.js("const li = document.querySelector('#todos li[data-text=\"wool socks\"]');"
        + "return !!li && li.classList.contains('done') && li.dataset.status === 'confirmed'")));
    }
    assertThat(ben.errors()).isEmpty();
    assertThat(ben.conflicts()).isEmpty();
  }

  @Test
  @Order(3)
  @DisplayName("the same field changed by both is a conflict told in words, with two choices: apply mine again, or keep theirs")
  void trueConflict() throws Exception {
    ana.addTodo("bread");
    both("bread");
    ben.offline(true);
    ben.edit("bread", "rye bread");
    ana.edit("bread", "white bread");
    ana.until(d -> ana.confirmedTodos().contains("white bread"));
    ben.offline(false);
    ben.until(Duration.ofSeconds(30), d -> ben.conflicts().size() == 1);
    assertThat(ben.conflicts().get(0)).contains("ana changed 'bread' to 'white bread' while you were offline")
      .contains("rye bread");
    assertThat(ben.todos()).contains("white bread").doesNotContain("rye bread");
    assertThat(ben.find("#conflicts button.keep-theirs").getText()).isEqualTo("Keep theirs");
    assertThat(ben.find("#conflicts button.apply-mine").getText()).isEqualTo("Apply mine again");
    ben.js("document.querySelectorAll('.toast').forEach(t => t.remove()); document.activeElement?.blur()");
    ben.screenshot("conflict.png");

    ben.find("#conflicts button.apply-mine").click();
    assertThat(ben.js("return document.activeElement.closest('#todos li')?.dataset.key === document.activeElement.closest('li')?.dataset.key"
      + " && !!document.activeElement.closest('#todos li')")).as("the focus on the todo, where the next action is (issue 20.12)").isEqualTo(true);
    both("rye bread");
    ben.until(d -> ben.conflicts().isEmpty());

    ben.offline(true);
    ben.edit("rye bread", "brown bread");
    ana.edit("rye bread", "spelt bread");
    ana.until(d -> ana.confirmedTodos().contains("spelt bread"));
    ben.offline(false);
    ben.until(Duration.ofSeconds(30), d -> ben.conflicts().size() == 1);
    ben.find("#conflicts button.keep-theirs").click();
    ben.until(d -> ben.conflicts().isEmpty());
    assertThat(ben.js("return document.activeElement.closest('#todos li')?.dataset.text")).isEqualTo("spelt bread");
    assertThat(ben.confirmedTodos()).contains("spelt bread").doesNotContain("brown bread");
    assertThat(ben.js("return __eventual.sync.store.pending().length")).isEqualTo(0L);
  }

  @Test
  @Order(4)
  @DisplayName("while ana edits a todo ben deletes another, then hers: her editor stays open with her text, focus and caret")
  void deleteDuringEdit() {
    for (String text : List.of("apples", "cherries", "dates")) {
      ana.addTodo(text);
    }
    both("dates");
    ana.consoleErrors();
    ana.find("button[aria-label='Edit cherries']").click();
    ana.until(d -> Boolean.TRUE.equals(ana.js("return document.activeElement.matches('input.edit-input')")));
    ana.keys(Keys.END, " and");

    ben.delete("apples");
    ana.until(d -> !ana.todos().contains("apples"));
    assertThat(ana.js("const e = document.activeElement; return e.matches('input.edit-input') ? e.value + '|' + e.selectionStart : 'focus on ' + e.outerHTML.slice(0, 80)"))
      .isEqualTo("cherries and|12");
    ana.keys(" plums");
    assertThat(ana.js("return document.querySelector('input.edit-input').value")).isEqualTo("cherries and plums");

    ben.delete("cherries");
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !!document.querySelector('#todos li.orphan')")));
    assertThat(ana.find("#todos li.orphan").getText()).contains("ben deleted this todo while you were editing it");
    assertThat(ana.js("return document.activeElement.matches('input.edit-input') && document.activeElement.value"))
      .isEqualTo("cherries and plums");
    assertThat(ana.consoleErrors()).isEmpty();

    ana.find("#todos li.orphan button.restore").click();
    both("cherries and plums");
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !document.querySelector('#todos li.orphan')")));
  }

  @Test
  @Order(5)
  @DisplayName("Enter in the editor saves once and leaves it closed; after a delete the focus is on the next row")
  void enterSavesOnceAndFocusMovesOn() {
    ana.find("button[aria-label='Edit dates']").click();
    ana.find("input.edit-input").sendKeys("medjool dates" + Keys.ENTER);
    ana.until(d -> ana.confirmedTodos().contains("medjool dates"));
    assertThat(ana.js("return document.querySelectorAll('input.edit-input').length")).isEqualTo(0L);
    assertThat(ana.js("return __eventual.sync.store.all().filter(c => c.args.text === 'medjool dates').length")).isEqualTo(1L);

    ana.addTodo("figs");
    ana.addTodo("grapes");
    ana.until(d -> ana.confirmedTodos().containsAll(List.of("figs", "grapes")));
    ana.js("document.querySelector(\"button[aria-label='Delete figs']\").focus()");
    ana.keys(Keys.ENTER);
    ana.until(d -> !ana.todos().contains("figs") && ana.pendingTexts().isEmpty());
    assertThat(ana.js("return document.activeElement.closest('#todos li')?.dataset.text ?? document.activeElement.tagName"))
      .isEqualTo("grapes");

    ben.js("document.querySelector(\"input[aria-label='Done: grapes']\").focus()");
    ana.delete("grapes");
    ben.until(d -> !ben.todos().contains("grapes"));
    assertThat(ben.js("return document.activeElement.tagName")).as("focus is not left on the body").isNotEqualTo("BODY");
  }
}
