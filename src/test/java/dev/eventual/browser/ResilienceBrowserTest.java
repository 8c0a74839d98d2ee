package dev.eventual.browser;

import dev.eventual.support.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user in a browser (cat) and one over plain HTTP (dan), on a node that keeps only the last 100 events: the
 * keyboard, a catch-up gap too old for the node (410), opening the app offline, and two tabs of one session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceBrowserTest {
  @RegisterExtension
  // A resume reads past the window from the log up to events.resumeDepth; the gap below is deeper, so it is a 410.
  static final Pages pages = new Pages(new JsonObject().put("events.window", "100").put("events.resumeDepth", "100"));
  static Backend backend;
  static Browser cat;
  static Cable cable;
  static Api http;
  static Api.User dan;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    http = new Api(backend.port);
    dan = http.signup("dan");
    cable = pages.cable();
    cat = pages.browser("cat", cable.url());
    cat.signUp("cat");
  }

  @Test
  @Order(1)
  @DisplayName("with the keyboard only a list is made and opened, and a todo added, ticked, edited-then-cancelled and deleted")
  void keyboardOnly() {
    cat.js("document.activeElement?.blur()");
    tabTo("#new-list-name");
    keys("Keys" + Keys.ENTER);
    tabTo("#lists button:not([disabled])");
    keys(Keys.ENTER);
    cat.until(d -> "Keys".equals(cat.js("return document.querySelector('#list-title span')?.textContent")));
    assertThat(cat.js("return document.activeElement.id")).isEqualTo("list-title");

    tabTo("#new-todo");
    keys("kbd milk" + Keys.ENTER);
    cat.until(d -> cat.confirmedTodos().equals(List.of("kbd milk")));
    // Her own success is no toast (the row says it), but a screen reader still hears it.
    cat.until(d -> Boolean.TRUE.equals(cat.js("return document.querySelector('ev-toasts [role=status][aria-live=polite].visually-hidden')"
      + "?.textContent.includes(\"Saved: add 'kbd milk'\")")));
    assertThat(cat.toasts()).noneMatch(t -> t.contains("kbd milk"));

    tabTo("input[type=checkbox][aria-label='Done: kbd milk']");
    keys(Keys.SPACE);
    cat.until(d -> Boolean.TRUE.equals(cat.js("const li = document.querySelector('#todos li');"
      + "return li.classList.contains('done') && li.dataset.status === 'confirmed'")));

    tabTo("button[aria-label='Edit kbd milk']");
    keys(Keys.ENTER);
    cat.until(d -> Boolean.TRUE.equals(cat.js("return document.activeElement.matches('input.edit-input')")));
    keys("oops" + Keys.ESCAPE);
    cat.until(d -> Boolean.TRUE.equals(cat.js("return document.activeElement.matches(\"button[aria-label='Edit kbd milk']\")")));
    assertThat(cat.todos()).containsExactly("kbd milk");

    tabTo("button[aria-label='Delete kbd milk']");
    keys(Keys.ENTER);
    cat.until(d -> cat.todos().isEmpty());
    assertThat(cat.js("return document.activeElement.id")).as("focus stays in the list").isEqualTo("new-todo");

    // Every control the keyboard can reach has an accessible name in Chromium's accessibility tree.
    List<String> nameless = new ArrayList<>();
    for (WebElement el : cat.driver.findElements(By.cssSelector("button, input, summary, a[href], select, textarea"))) {
      if (el.isDisplayed() && el.getAccessibleName().isBlank()) {
        nameless.add(el.getTagName() + "#" + el.getAttribute("id") + "." + el.getAttribute("class"));
      }
    }
    assertThat(nameless).as("controls without an accessible name").isEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("after a gap older than the node's 100-event window the catch-up gets 410 and the page reloads exactly the right todos")
  void goneReloads() {
    cat.createList("Gap");
    cat.share("dan");
    String listId = (String) cat.js("return document.querySelector('#lists button[aria-current=true]').dataset.id");
    List<String> early = addTodos(listId, "early", 3);
    cat.until(d -> cat.confirmedTodos().equals(early));

    cat.js("__eventual.bus.suspend()");
    cat.until(d -> cat.connection().contains("Live updates down"));
    cat.js("window.__gone = 0; __eventual.api.onAttempt(({ error }) => { if (error.status === 410) window.__gone += 1; })");

    JsonArray todos = http.get(dan, "/api/lists/" + listId).json().getJsonArray("todos");
    String first = todos.getJsonObject(0).getString("todoId");
    String second = todos.getJsonObject(1).getString("todoId");
    http.command(dan, "DELETE", "/api/lists/" + listId + "/todos/" + first, null);
    http.command(dan, "PATCH", "/api/lists/" + listId + "/todos/" + second, new JsonObject().put("completed", true).encode());
    addTodos(listId, "late", 105);
    JsonObject server = http.get(dan, "/api/lists/" + listId).json();
    List<String> expected = server.getJsonArray("todos").stream().map(t -> ((JsonObject) t).getString("text")).toList();
    assertThat(expected).hasSize(107);
    assertThat(cat.todos()).isEqualTo(early);

    cat.js("__eventual.bus.resume()");
    cat.until(Duration.ofSeconds(30), d -> cat.todos().equals(expected));
    assertThat(((Number) cat.js("return window.__gone")).intValue()).as("catch-up answered 410").isPositive();
    assertThat(cat.toasts()).as("said once").filteredOn(t -> t.contains("your lists were reloaded")).hasSize(1);
    assertThat(cat.js("return document.querySelector('#todos li[data-text=\"early 2\"]').classList.contains('done')")).isEqualTo(true);
    assertThat(cat.connection()).contains("Live");
  }

  @Test
  @Order(3)
  @DisplayName("reloaded while offline, the app shell and the last-known list show, it says offline, and a new todo waits in the outbox")
  void opensOffline() throws Exception {
    cat.until(d -> Boolean.TRUE.equals(cat.js("return !!navigator.serviceWorker.controller")));
    List<String> known = cat.todos();
    try {
      offlineReload(known);
    } finally {
      cable.unplug(false);
      cat.offline(false);
    }
    cat.until(Duration.ofSeconds(30), d -> cat.confirmedTodos().contains("written offline") && cat.pendingTexts().isEmpty());
    assertThat(backend.count("Gap", "written offline")).isEqualTo(1);
    assertThat(cat.todos()).containsOnlyOnce("written offline");
  }

  private static void offlineReload(List<String> known) throws Exception {
    cable.unplug(true);
    cat.offline(true);
    cat.driver.navigate().refresh();
    cat.until(d -> "Gap".equals(cat.js("return document.querySelector('#list-title span')?.textContent")));
    cat.until(d -> cat.todos().equals(known));
    assertThat(cat.connection()).contains("Offline");
    Object probe = cat.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
      + "fetch('/ready', {cache: 'no-store'}).then(r => done('answered ' + r.status), e => done('failed'))");
    assertThat(probe).as("the network (through the service worker too) is really off").isEqualTo("failed");
    assertThat(cat.js("return !!navigator.serviceWorker.controller")).as("the page came from the service worker").isEqualTo(true);
    assertThat(cat.find("#sign-out").isEnabled()).as("signing out needs the network").isFalse();
    cat.screenshot("opened-offline.png");

    cat.addTodo("written offline");
    cat.until(d -> cat.pendingTexts().stream().anyMatch(p -> p.contains("add 'written offline'") && p.contains("queued")));
    assertThat(cat.connection()).contains("1 waiting to send");
    assertThat(backend.count("Gap", "written offline")).isZero();
  }

  @Test
  @Order(4)
  @DisplayName("two tabs of one session queue a todo each; the first tab closes; the other sends both, once each")
  void twoTabs() {
    String first = cat.driver.getWindowHandle();
    cat.driver.switchTo().newWindow(WindowType.TAB);
    String second = cat.driver.getWindowHandle();
    cat.driver.get(cable.url());
    cat.until(d -> "Gap".equals(cat.js("return document.querySelector('#list-title span')?.textContent")));
    goOffline(true); // the second tab first: its copy of the outbox is from before the first tab's todo

    cat.driver.switchTo().window(first);
    goOffline(true);
    cat.addTodo("from tab one");
    cat.until(d -> cat.pendingTexts().stream().anyMatch(p -> p.contains("from tab one")));

    cat.driver.switchTo().window(second);
    cat.addTodo("from tab two");
    cat.until(d -> cat.pendingTexts().stream().anyMatch(p -> p.contains("from tab two")));
    String stored = (String) cat.js("return localStorage.getItem('eventual.commands.' + __eventual.me.userId)");
    assertThat(stored).contains("from tab one").contains("from tab two");

    cat.driver.switchTo().window(first);
    cat.driver.close();
    cat.driver.switchTo().window(second);
    goOffline(false);
    cat.until(Duration.ofSeconds(30), d -> cat.confirmedTodos().containsAll(List.of("from tab one", "from tab two"))
      && cat.pendingTexts().isEmpty());
    assertThat(backend.count("Gap", "from tab one")).isEqualTo(1);
    assertThat(backend.count("Gap", "from tab two")).isEqualTo(1);
  }

  /** The app's offline switch without network emulation (which is per tab and would stop the storage event test). */
  private static void goOffline(boolean offline) {
    cat.js("window.dispatchEvent(new Event(arguments[0] ? 'offline' : 'online'))", offline);
    cat.until(d -> String.valueOf(!offline).equals(cat.js("return document.querySelector('#connection').dataset.online")));
  }

  private static List<String> addTodos(String listId, String prefix, int n) {
    List<String> texts = IntStream.rangeClosed(1, n).mapToObj(i -> prefix + " " + i).toList();
    for (int i = 0; i < n; i++) {
      String[] wait = i == n - 1 ? new String[] {"Prefer", "wait=10"} : new String[0];
      Api.Response r = http.command(dan, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", texts.get(i)).encode(), wait);
      assertThat(r.status()).as(r.body()).isBetween(200, 202);
    }
    return texts;
  }

  private static void keys(CharSequence keys) {
    new Actions(cat.driver).sendKeys(keys).perform();
  }

  /** Presses Tab until the focused element matches the selector (at most 80 times). */
  private static void tabTo(String css) {
    for (int i = 0; i < 80; i++) {
      if (Boolean.TRUE.equals(cat.js("return !!document.activeElement?.matches(arguments[0])", css))) {
        return;
      }
      keys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached " + css + "; focus is on "
      + cat.js("return document.activeElement?.outerHTML?.slice(0, 200)"));
  }
}
