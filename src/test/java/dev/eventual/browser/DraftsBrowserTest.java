package dev.eventual.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing typed is lost when a list goes (issue 20.4): ben's draft and his open editor are kept when ana removes him —
 * which she is asked about first — or deletes the list, with a way to put each text into another list.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DraftsBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Browser ana;
  static Browser ben;

  @BeforeAll
  static void start() throws Exception {
    ana = pages.signedUp("ana");
    ben = pages.signedUp("ben");
    ben.createList("Mine");
    ana.createList("Trip");
    ana.share("ben");
    ana.addTodo("bread");
    ben.openList("Trip");
    ben.until(d -> ben.confirmedTodos().contains("bread"));
  }

  @SuppressWarnings("unchecked")
  static List<String> kept(Browser b) {
    return (List<String>) b.js("return [...document.querySelectorAll('ev-drafts li')].map(li => li.textContent)");
  }

  @Test
  @Order(1)
  @DisplayName("removing a member asks first; removed, ben keeps his draft and his editor's text, the focus on them, and puts one in his own list")
  void removedKeepsDrafts() {
    ben.find("#new-todo").sendKeys("sun cream");
    ben.find("button[aria-label='Edit bread']").click();
    ben.find("input.edit-input").sendKeys(Keys.END, " and jam");

    ana.find("button[aria-label='Remove ben']").click();
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !!document.querySelector('dialog[open]')")));
    assertThat(ana.find("dialog[open]").getText()).contains("Remove ben?").contains("no longer see 'Trip'");
    ana.find("dialog[open] button.cancel").click();
    assertThat(ana.members()).contains("ben");
    ana.find("button[aria-label='Remove ben']").click();
    ana.find("dialog[open] button.confirm").click();

    ben.until(d -> kept(ben).size() == 2);
    assertThat(kept(ben)).anySatisfy(k -> assertThat(k).contains("ana removed you from 'Trip'").contains("sun cream"))
      .anySatisfy(k -> assertThat(k).contains("Your edit of 'bread' is kept").contains("bread and jam"));
    assertThat(ben.js("return document.activeElement.id")).as("the focus is on what was kept").isEqualTo("drafts-title");
    assertThat(ben.toasts()).anyMatch(t -> t.contains("ana removed you from 'Trip'"));
    assertThat(ben.find("#new-todo").getAttribute("value")).as("the draft is not in another list's input").isEmpty();

    ben.js("[...document.querySelectorAll('ev-drafts li')].find(li => li.textContent.includes('sun cream'))"
      + ".querySelector('button.put').click()");
    ben.until(d -> ben.confirmedTodos().contains("sun cream"));
    assertThat(ben.js("return document.querySelector('#list-title span').textContent")).isEqualTo("Mine");
    ben.find("ev-drafts button.discard").click();
    ben.until(d -> kept(ben).isEmpty());
    assertThat(ben.js("return document.activeElement.id")).isEqualTo("new-todo");
  }

  @Test
  @Order(2)
  @DisplayName("a list deleted while ben types in it keeps his text aside; the list that opens instead has its own, empty input")
  void deletedKeepsDraft() {
    ana.find("#new-list-name").sendKeys("Temp" + Keys.ENTER);
    ana.until(d -> "Temp".equals(ana.js("return document.querySelector('#list-title span')?.textContent")));
    ana.share("ben");
    ben.openList("Temp");
    ben.find("#new-todo").sendKeys("half typed");
    ana.find("#delete-list").click();
    ana.find("dialog[open] button.confirm").click();
    ben.until(d -> kept(ben).size() == 1);
    assertThat(kept(ben).get(0)).contains("ana deleted 'Temp'").contains("half typed");
    assertThat(ben.find("#new-todo").getAttribute("value")).isEmpty();
    ben.driver.navigate().refresh();
    ben.until(d -> kept(ben).size() == 1);
  }
}
