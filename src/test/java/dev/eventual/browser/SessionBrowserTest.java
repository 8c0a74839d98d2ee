package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WindowType;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tab whose session ended (issue 20.1): signed out in another tab, or its cookie gone, it shows sign-in at once
 * instead of reconnecting forever, keeps its outbox and says what waits in it, and sends it after signing in again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages(new JsonObject().put("chaos.enabled", "true"));
  static Backend backend;
  static Browser ana;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    ana = pages.signedUp("ana");
    ana.createList("Home");
  }

  private static boolean signInShown() {
    return Boolean.TRUE.equals(ana.js("return !document.querySelector('#auth-view').hidden"
      + " && document.querySelector('#app-view').hidden"));
  }

  private static void signInAgain() {
    assertThat(ana.find("#auth-username").getAttribute("value")).as("the name is filled in").isEqualTo("ana");
    assertThat(ana.js("return document.activeElement.id")).as("the focus waits in the password").isEqualTo("auth-password");
    ana.keys("correct horse battery\n");
    ana.until(d -> "open".equals(ana.js("return document.querySelector('#connection')?.dataset.bus")));
  }

  @Test
  @Order(1)
  @DisplayName("signed out in one tab, the other shows sign-in at once, keeps its three waiting changes and sends them after signing in")
  void signedOutInAnotherTab() {
    String first = ana.driver.getWindowHandle();
    ana.driver.switchTo().newWindow(WindowType.TAB);
    String second = ana.driver.getWindowHandle();
    ana.driver.get(backend.url());
    ana.until(d -> "Home".equals(ana.js("return document.querySelector('#list-title span')?.textContent"))
      && "open".equals(ana.js("return document.querySelector('#connection')?.dataset.bus")));
    // Every command answered 500 for now: the three changes stay in the outbox, whichever tab sends it.
    backend.node.chaos().update(1, 0, 0, 0);
    try {
      for (String text : List.of("w1", "w2", "w3")) {
        ana.addTodo(text);
      }
      ana.until(d -> ana.pendingTexts().size() == 3);

      ana.driver.switchTo().window(first);
      ana.find("#sign-out").click();
      ana.until(d -> signInShown());
      assertThat(ana.find("#auth-message").getText()).doesNotContain("ended");

      ana.driver.switchTo().window(second);
      ana.until(Duration.ofSeconds(10), d -> signInShown());
      assertThat(ana.find("#auth-message").getText()).contains("Your session ended").contains("3 changes wait — sign in to send them");
      assertThat(ana.js("return __eventual.sync === null && __eventual.bus === null")).as("nothing left connecting").isEqualTo(true);
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
    }
    signInAgain();
    ana.openList("Home");
    ana.until(Duration.ofSeconds(30), d -> ana.confirmedTodos().containsAll(List.of("w1", "w2", "w3")) && ana.pendingTexts().isEmpty());
    for (String text : List.of("w1", "w2", "w3")) {
      assertThat(backend.count("Home", text)).as(text).isEqualTo(1);
    }
    ana.driver.switchTo().window(first);
    ana.driver.close();
    ana.driver.switchTo().window(second);
  }

  @Test
  @Order(2)
  @DisplayName("without its cookie, the socket is refused (1008) and the page shows sign-in, not a reconnect every half second")
  void socketRefused() {
    ana.driver.manage().deleteAllCookies();
    ana.js("window.__sockets = 0; const bus = __eventual.bus; const connect = bus.connect.bind(bus);"
      + "bus.connect = () => { window.__sockets += 1; connect(); };");
    ana.js("__eventual.bus.drop()");
    ana.until(Duration.ofSeconds(10), d -> signInShown());
    assertThat(((Number) ana.js("return window.__sockets")).intValue()).as("sockets opened after the drop").isLessThanOrEqualTo(2);
    assertThat(ana.find("#auth-message").getText()).contains("Your session ended");
    signInAgain();
  }

  @Test
  @Order(3)
  @DisplayName("a 401 on a change shows sign-in at once and the change waits in the outbox for the next sign-in")
  void unauthorizedCommand() {
    ana.openList("Home");
    ana.driver.manage().deleteAllCookies();
    ana.addTodo("after the cookie");
    ana.until(Duration.ofSeconds(10), d -> signInShown());
    assertThat(ana.find("#auth-message").getText()).contains("1 change waits — sign in to send it");
    signInAgain();
    ana.openList("Home");
    ana.until(Duration.ofSeconds(30), d -> ana.confirmedTodos().contains("after the cookie"));
    assertThat(backend.count("Home", "after the cookie")).isEqualTo(1);
  }
}
