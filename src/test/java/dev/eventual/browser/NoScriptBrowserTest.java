package dev.eventual.browser;

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
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page without JavaScript (issue 24): ana's Chromium runs no script, ben's runs the app. Each of ana's form posts
 * goes the API's way and comes back as a 303 to the page that shows it; ben sees each change live, pushed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoScriptBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Browser ana;
  static Browser ben;
  static String listUrl;

  @BeforeAll
  static void start() throws Exception {
    ben = pages.signedUp("ben");
    ana = pages.withoutJavaScript("ana", "lists");
  }

  @Test
  @Order(1)
  @DisplayName("without JavaScript: /lists sends a stranger to sign in; she signs up, creates a list and invites ben, who accepts and sees it at once")
  void signUpCreateShare() {
    assertThat(ana.js("return 1")).as("chromedriver still reads the page").isEqualTo(1L);
    assertThat(ana.driver.getCurrentUrl()).endsWith("/signin");
    assertThat(ana.driver.findElement(By.tagName("body")).getText()).doesNotContain("Eventual needs JavaScript");
    ana.find("a[href='/signup']").click();
    ana.find("#plain-username").sendKeys("ana");
    ana.find("#plain-password").sendKeys("correct horse battery");
    ana.find("#plain-submit").click();
    ana.until(d -> d.getCurrentUrl().endsWith("/lists"));
    assertThat(ana.find("#plain-me").getText()).isEqualTo("ana");

    ana.find("#plain-new-list").sendKeys("Groceries");
    ana.find("#plain-create button[type=submit]").click();
    ana.until(d -> d.getCurrentUrl().matches(".*/lists/[0-9a-f-]{36}"));
    assertThat(ana.find("#plain-list-name").getText()).isEqualTo("Groceries");
    listUrl = ana.driver.getCurrentUrl();
    ana.find("#plain-member-name").sendKeys("ben");
    ana.find("#plain-member button[type=submit]").click();
    ben.acceptInvitation("Groceries"); // by consent (issue 18.4): invited, a member once he accepts
    ana.until(d -> {
      d.navigate().refresh();
      return plainMembers().contains("ben");
    });
    ben.openList("Groceries");
    assertThat(ben.members()).contains("ana", "ben");
  }

  @Test
  @Order(2)
  @DisplayName("she adds three todos, completes one and renames the list: ben sees each change live")
  void changesReachBenLive() {
    for (String text : List.of("milk", "eggs", "bread")) {
      ana.find("#plain-new-todo").sendKeys(text);
      ana.find("#plain-add button[type=submit]").click();
      ana.until(d -> plainTodos().contains(text));
      ben.until(d -> ben.todos().contains(text));
    }
    assertThat(plainTodos()).containsExactly("milk", "eggs", "bread");
    ana.find("button[aria-label='Done: milk']").click();
    ana.until(d -> !d.findElements(By.cssSelector("button[aria-label='Not done: milk']")).isEmpty());
    assertThat(ana.find("#plain-left").getText()).isEqualTo("2 items left");
    ben.until(d -> Boolean.TRUE.equals(ben.js("return [...document.querySelectorAll('#todos li')]"
      + ".find(li => li.dataset.text === 'milk')?.classList.contains('done') ?? false")));

    WebElement name = ana.find("#plain-list-rename");
    name.clear();
    name.sendKeys("Groceries for Sunday");
    ana.find("#plain-rename button[type=submit]").click();
    ana.until(d -> "Groceries for Sunday".equals(d.findElement(By.id("plain-list-name")).getText()));
    ben.until(d -> "Groceries for Sunday".equals(ben.js("return document.querySelector('#list-title span')?.textContent")));
  }

  @Test
  @Order(3)
  @DisplayName("a double click on Add posts one form twice: one todo, for her and for ben")
  void doubleSubmitIsOne() {
    ana.find("#plain-new-todo").sendKeys("butter");
    new Actions(ana.driver).doubleClick(ana.find("#plain-add button[type=submit]")).perform();
    ana.until(d -> plainTodos().contains("butter"));
    ben.until(d -> ben.todos().contains("butter"));
    ana.driver.navigate().refresh();
    ana.until(d -> plainTodos().contains("butter"));
    assertThat(pages.backend().count("Groceries for Sunday", "butter")).isEqualTo(1);
    assertThat(ben.todos().stream().filter("butter"::equals)).hasSize(1);
  }

  @Test
  @Order(4)
  @DisplayName("a refused change draws the form again with the reason in words and what she typed")
  void refusalKeepsTypedText() throws Exception {
    ana.find("#plain-member-name").sendKeys("nobody-here");
    ana.find("#plain-member button[type=submit]").click();
    WebElement error = ana.find("#error-member");
    assertThat(error.getText()).containsIgnoringCase("nobody-here");
    assertThat(ana.find("#plain-member-name").getAttribute("value")).isEqualTo("nobody-here");
    assertThat(plainMembers()).containsExactly("ana", "ben");
  }

  @Test
  @Order(5)
  @DisplayName("the same URL with JavaScript is the app on that list; signing out without JavaScript ends her session")
  void sameUrlBothWays() throws Exception {
    assertThat(ana.driver.getCurrentUrl()).as("the refused form's own URL").isEqualTo(listUrl + "/members");
    ana.driver.get(listUrl + "/members");
    ana.until(d -> d.getCurrentUrl().equals(listUrl));
    String url = listUrl;
    ben.driver.get(url);
    ben.until(d -> d.findElements(By.id("plain")).isEmpty());
    ben.until(d -> "Groceries for Sunday".equals(ben.js("return document.querySelector('#list-title span')?.textContent")));
    ben.openList("Groceries for Sunday");
    assertThat(ben.driver.getCurrentUrl()).isEqualTo(url);

    ana.find("#plain-signout").click();
    ana.until(d -> d.getCurrentUrl().endsWith("/signin"));
    ana.driver.get(url);
    ana.until(d -> d.getCurrentUrl().endsWith("/signin"));
  }

  @Test
  @Order(6)
  @DisplayName("keyboard only, without JavaScript: sign in, add a todo and tick it with Tab, typing and Enter")
  void keyboardOnly() {
    tabTo("id", "plain-username");
    ana.keys("ana");
    tabTo("id", "plain-password");
    ana.keys("correct horse battery", Keys.ENTER);
    ana.until(d -> d.getCurrentUrl().endsWith("/lists"));
    tabTo("textContent", "Groceries for Sunday");
    ana.keys(Keys.ENTER);
    ana.until(d -> d.getCurrentUrl().equals(listUrl));
    tabTo("id", "plain-new-todo");
    ana.keys("typed, not clicked", Keys.ENTER);
    ana.until(d -> plainTodos().contains("typed, not clicked"));
    tabTo("ariaLabel", "Done: typed, not clicked");
    ana.keys(Keys.ENTER);
    ana.until(d -> !d.findElements(By.cssSelector("button[aria-label='Not done: typed, not clicked']")).isEmpty());
    ben.until(d -> Boolean.TRUE.equals(ben.js("return [...document.querySelectorAll('#todos li')]"
      + ".find(li => li.dataset.text === 'typed, not clicked')?.classList.contains('done') ?? false")));
  }

  @Test
  @Order(7)
  @DisplayName("axe-core on the pages without JavaScript (app.js blocked, so axe itself can run): sign-in, the lists, a list with a refusal")
  void accessible() throws Exception {
    Browser axe = pages.browser("axe");
    axe.driver.executeCdpCommand("Network.enable", java.util.Map.of());
    axe.driver.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of("*/js/app.js")));
    axe.driver.get(pages.backend().url() + "signin");
    axe.find("#plain-username");
    AccessibilityBrowserTest.clean(axe, "sign-in without JavaScript");
    axe.find("#plain-username").sendKeys("ana");
    axe.find("#plain-password").sendKeys("wrong password");
    axe.find("#plain-submit").click();
    axe.find("#error-signin");
    AccessibilityBrowserTest.clean(axe, "a failed sign-in without JavaScript");
    axe.find("#plain-password").sendKeys("correct horse battery");
    axe.find("#plain-submit").click();
    axe.until(d -> d.getCurrentUrl().endsWith("/lists"));
    AccessibilityBrowserTest.clean(axe, "the lists without JavaScript");
    axe.driver.get(listUrl);
    axe.find("#plain-member-name").sendKeys("nobody-here");
    axe.find("#plain-member button[type=submit]").click();
    axe.find("#error-member");
    assertThat(axe.driver.findElements(By.id("plain"))).as("the server's page, not the app").hasSize(1);
    AccessibilityBrowserTest.clean(axe, "a list with a refusal, without JavaScript");
  }

  /** Presses Tab until the focus is on the element whose {@code property} is {@code value}; at most 80 times. */
  private static void tabTo(String property, String value) {
    for (int i = 0; i < 80; i++) {
      if (value.equals(ana.js("return document.activeElement?.[arguments[0]] ?? null", property))) {
        return;
      }
      ana.keys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached the element whose " + property + " is " + value);
  }

  @SuppressWarnings("unchecked")
  private static List<String> plainTodos() {
    return ana.driver.findElements(By.cssSelector("#plain-todos li")).stream().map(li -> li.getAttribute("data-text")).toList();
  }

  private static List<String> plainMembers() {
    return ana.driver.findElements(By.cssSelector("#plain-members li > span:first-child")).stream().map(WebElement::getText).toList();
  }
}
