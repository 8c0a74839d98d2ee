package dev.eventual.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a TodoMVC user expects (issue 20.10), and the focus landing where the next action is (20.12): double-click to
 * edit, "N items left", All / Active / Completed in the URL, Clear completed, toggle all, counts in the list of lists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TodoMvcBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Backend backend;
  static Browser cat;
  static String focusAfterSignUp;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    cat = pages.signedUp("cat");
    focusAfterSignUp = (String) cat.js("return document.activeElement.id");
  }

  static String focused() {
    return (String) cat.js("return document.activeElement.id");
  }

  static String left() {
    return cat.find("#items-left").getText();
  }

  @Test
  @Order(1)
  @DisplayName("signed up, the focus waits in 'New list'; a list made with Enter opens with the focus in its new-todo input")
  void focusFromSignUpToFirstTodo() {
    assertThat(focusAfterSignUp).isEqualTo("new-list-name");
    cat.keys("Home" + Keys.ENTER);
    cat.until(d -> "Home".equals(cat.js("return document.querySelector('#list-title span')?.textContent")));
    cat.until(d -> "new-todo".equals(focused()));
    for (String text : List.of("milk", "eggs", "bread")) {
      cat.keys(text + Keys.ENTER);
    }
    cat.until(d -> cat.confirmedTodos().size() == 3);
    assertThat(left()).isEqualTo("3 items left");
  }

  @Test
  @Order(2)
  @DisplayName("a double-click on a todo's text edits it; ticking one says '2 items left', and the list of lists counts it too")
  void doubleClickAndCounts() {
    new Actions(cat.driver).doubleClick(cat.find("#todos li[data-text='eggs'] .todo-text")).perform();
    cat.until(d -> Boolean.TRUE.equals(cat.js("return document.activeElement.matches('input.edit-input')")));
    cat.keys(Keys.END, " and ham" + Keys.ENTER);
    cat.until(d -> cat.confirmedTodos().contains("eggs and ham"));
    cat.tick("milk");
    cat.until(d -> "1 item left".equals(left()) || "2 items left".equals(left()));
    cat.until(d -> "2 items left".equals(left()));
    assertThat(cat.js("return document.querySelector('#lists button[aria-current=true] .count').textContent")).isEqualTo("2 left");
  }

  @Test
  @Order(3)
  @DisplayName("Active and Completed show their todos and live in the URL: Back goes back, a reload keeps them")
  void filtersInTheUrl() {
    cat.find(".filters a[data-filter=active]").click();
    cat.until(d -> cat.todos().equals(List.of("eggs and ham", "bread")));
    assertThat(cat.driver.getCurrentUrl()).endsWith("?filter=active");
    cat.find(".filters a[data-filter=completed]").click();
    cat.until(d -> cat.todos().equals(List.of("milk")));
    cat.driver.navigate().back();
    cat.until(d -> cat.todos().equals(List.of("eggs and ham", "bread")));
    cat.driver.navigate().refresh();
    cat.until(d -> cat.todos().equals(List.of("eggs and ham", "bread")));
    assertThat(cat.find(".filters a[aria-current=page]").getText()).isEqualTo("Active");
    cat.find(".filters a[data-filter=all]").click();
    cat.until(d -> cat.todos().size() == 3);
    assertThat(cat.driver.getCurrentUrl()).doesNotContain("filter=");
  }

  @Test
  @Order(4)
  @DisplayName("'Mark all as complete' ticks every todo (one Undo for all), again unticks them; Clear completed deletes the done ones")
  void toggleAllAndClearCompleted() {
    cat.find("#toggle-all").click();
    cat.until(d -> "0 items left".equals(left()) && cat.confirmedTodos().size() == 3);
    cat.until(d -> cat.toasts().stream().anyMatch(t -> t.contains("Ticked 2 todos")));
    cat.find("#toggle-all").click();
    cat.until(d -> "3 items left".equals(left()) && cat.confirmedTodos().size() == 3);
    cat.tick("bread");
    cat.until(d -> "2 items left".equals(left()) && cat.confirmedTodos().size() == 3);
    cat.find("#clear-completed").click();
    cat.until(d -> cat.todos().equals(List.of("milk", "eggs and ham")) && cat.confirmedTodos().size() == 2);
    assertThat(backend.count("Home", "bread")).isZero();
    assertThat(focused()).as("the button went; the focus is where the next todo is typed").isEqualTo("new-todo");
    assertThat(cat.js("return document.querySelector('#clear-completed').hidden")).as("nothing done to clear").isEqualTo(true);
  }
}
