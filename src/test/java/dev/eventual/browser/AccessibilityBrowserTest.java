package dev.eventual.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core (npm, served to the page) on the main screens (issue 20.15): signed out, a shared list, the dialog, offline,
 * a conflict — each in light and dark, on a desktop and on a 390 px phone: no serious or critical violation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessibilityBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Browser ana;
  static Browser ben;

  @BeforeAll
  static void start() throws Exception {
    ana = pages.browser("ana");
    ben = pages.signedUp("ben");
  }

  /** The page as it is now, in light and dark, on a desktop and a phone: nothing serious or critical. */
  static void clean(Browser b, String screen) throws Exception {
    try {
      for (String scheme : List.of("light", "dark")) {
        b.colorScheme(scheme);
        for (int width : new int[] {1280, 390}) {
          b.driver.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
          b.until(d -> ((Number) b.js("return window.innerWidth")).intValue() <= width);
          assertThat(b.axe()).as(screen + ", " + scheme + ", " + width + " px").isEmpty();
        }
      }
    } finally {
      b.colorScheme("light");
      b.driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(1)
  @DisplayName("signed out: the sign-in page, and its message after a failed sign-in")
  void signedOut() throws Exception {
    ana.find("#auth-username");
    clean(ana, "sign-in");
    ana.find("#auth-username").sendKeys("ana");
    ana.find("#auth-password").sendKeys("not the password");
    ana.find("#login").click();
    ana.until(d -> ana.find("#auth-message").getText().contains("New here?"));
    clean(ana, "sign-in, failed");
    ana.find("#auth-message button.create-instead").click();
    ana.until(d -> "open".equals(ana.js("return document.querySelector('#connection')?.dataset.bus")));
  }

  @Test
  @Order(2)
  @DisplayName("a shared list with todos, presence, a toast with Undo and a row's menu open")
  void list() throws Exception {
    ana.createList("Home");
    ana.share("ben");
    ben.openList("Home");
    for (String text : List.of("milk", "eggs", "bread")) {
      ana.addTodo(text);
    }
    ana.until(d -> ana.confirmedTodos().size() == 3);
    ana.until(d -> ana.find("ev-presence").getText().contains("ben"));
    ana.tick("eggs");
    ana.until(d -> ana.toasts().stream().anyMatch(t -> t.contains("Undo")));
    ana.js("document.querySelector('ev-timeline details').open = true");
    clean(ana, "list");
    ana.js("document.querySelector('#todos li .menu-toggle').click()");
    clean(ana, "list, a row's menu open");
    ana.js("document.querySelector('#todos li .menu-toggle').click(); document.querySelector('ev-timeline details').open = false");
  }

  @Test
  @Order(3)
  @DisplayName("the page's dialog")
  void dialog() throws Exception {
    ana.find("#rename-list").click();
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !!document.querySelector('dialog[open]')")));
    clean(ana, "rename dialog");
    ana.keys(Keys.ESCAPE);
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !document.querySelector('dialog[open]')")));
  }

  @Test
  @Order(4)
  @DisplayName("offline: the status, the banner and the disabled controls, a change waiting")
  void offline() throws Exception {
    ana.offline(true);
    try {
      ana.addTodo("waits");
      ana.until(d -> ana.pendingTexts().size() == 1);
      clean(ana, "offline");
    } finally {
      ana.offline(false);
    }
    ana.until(Duration.ofSeconds(30), d -> ana.confirmedTodos().contains("waits"));
  }

  @Test
  @Order(5)
  @DisplayName("a conflict with both choices, and a list that is gone with what was typed in it kept")
  void conflictAndKeptDrafts() throws Exception {
    ben.offline(true);
    ben.edit("milk", "oat milk");
    ana.edit("milk", "whole milk");
    ana.until(d -> ana.confirmedTodos().contains("whole milk"));
    ben.offline(false);
    ben.until(Duration.ofSeconds(30), d -> ben.conflicts().size() == 1);
    clean(ben, "conflict");
    ben.find("#conflicts button.keep-theirs").click();
    ben.find("#new-todo").sendKeys("half typed");
    ana.find("button[aria-label='Remove ben']").click();
    ana.find("dialog[open] button.confirm").click();
    ben.until(d -> Boolean.TRUE.equals(ben.js("return !document.querySelector('ev-drafts').hidden")));
    clean(ben, "kept drafts");
  }
}
