package dev.eventual.browser;

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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18.4 in Chromium: an invitation reaches the invitee's page, who accepts or declines it there, by keyboard. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvitationBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages(new JsonObject());
  static Browser ana;
  static Browser ben;

  @BeforeAll
  static void start() throws Exception {
    ana = pages.signedUp("ana");
    ben = pages.signedUp("ben");
  }

  private static List<String> invitations(Browser b) {
    return b.driver.findElements(By.cssSelector("ev-invitations li.invitation p")).stream().map(WebElement::getText).toList();
  }

  @Test
  @Order(1)
  @DisplayName("ana invites ben in her page; his page shows it at once, pushed; he accepts by keyboard and is a member of the list")
  void acceptInThePage() throws Exception {
    ana.createList("Trip");
    ana.find("#share-username").sendKeys("ben" + Keys.ENTER);
    ana.until(d -> "ben (invited)".equals(ana.js("return document.querySelector('#invited li')?.textContent")));
    ben.until(d -> invitations(ben).equals(List.of("ana invites you to 'Trip'")));
    assertThat(ben.find("#invitations-title").getText()).isEqualTo("Invitations");
    assertThat(ben.find("ev-invitations button.decline").getAccessibleName()).isEqualTo("Decline the invitation to 'Trip'");
    assertThat(ben.driver.findElements(By.cssSelector("#lists button .list-name")).stream().map(WebElement::getText))
      .as("nothing of the list is his before he accepts").doesNotContain("Trip");
    ben.screenshot("invitation.png");

    ben.acceptInvitation("Trip");
    ben.until(d -> invitations(ben).isEmpty());
    ben.until(d -> Boolean.TRUE.equals(ben.js("return document.querySelector('ev-invitations').hidden")));
    ben.openList("Trip");
    assertThat(ben.members()).containsExactly("ana", "ben");
    ana.until(d -> ana.members().contains("ben") && Boolean.TRUE.equals(ana.js("return document.querySelector('#invited').hidden")));
    ana.addTodo("passports");
    ben.until(d -> ben.todos().equals(List.of("passports")));
  }

  @Test
  @Order(2)
  @DisplayName("ben declines by keyboard; ana inviting him again to that list is refused in her page, with when she may")
  void declineThenNotAgain() {
    ana.createList("Chores");
    ana.find("#share-username").sendKeys("ben" + Keys.ENTER);
    ben.until(d -> invitations(ben).equals(List.of("ana invites you to 'Chores'")));
    WebElement decline = ben.until(d -> d.findElements(By.cssSelector("ev-invitations button.decline")).stream()
      .filter(WebElement::isEnabled).findFirst().orElse(null));
    decline.sendKeys(Keys.ENTER);
    ben.until(d -> invitations(ben).isEmpty());
    ana.until(d -> Boolean.TRUE.equals(ana.js("return document.querySelector('#invited').hidden")));
    assertThat(ana.members()).containsExactly("ana");
    assertThat(ben.driver.findElements(By.cssSelector("#lists button .list-name")).stream().map(WebElement::getText))
      .doesNotContain("Chores");

    ana.find("#share-username").sendKeys("ben" + Keys.ENTER);
    ana.until(d -> ana.toasts().stream().anyMatch(t -> t.contains("said no to this list once")));
    ana.until(d -> ana.pendingTexts().isEmpty());
    assertThat(invitations(ben)).isEmpty();
  }

  @Test
  @Order(3)
  @DisplayName("only the owner sees the invitation form: ben, a member of ana's list, has none")
  void onlyTheOwnerInvites() {
    ben.openList("Trip");
    assertThat(ben.driver.findElement(By.cssSelector("#share-username")).isDisplayed()).isFalse();
    ana.openList("Trip");
    assertThat(ana.driver.findElement(By.cssSelector("#share-username")).isDisplayed()).isTrue();
  }
}
