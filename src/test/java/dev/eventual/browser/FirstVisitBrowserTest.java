package dev.eventual.browser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A first visit (issue 20.14): what the app is, the username's rule in words, and a nudge to create an account. */
class FirstVisitBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Browser zoe;

  @BeforeAll
  static void start() throws Exception {
    zoe = pages.browser("zoe");
  }

  @Test
  @DisplayName("the sign-in page says what the app is, the username's rule in words, and offers to create the account a sign-in did not find")
  void firstVisit() {
    assertThat(zoe.find("ev-auth .intro").getText()).contains("Shared todo lists").contains("offline");
    assertThat(zoe.find("#auth-hint").getText()).contains("lowercase letters");

    zoe.find("#auth-username").sendKeys("Zoe Lee");
    zoe.find("#auth-password").sendKeys("correct horse battery");
    zoe.find("#login").click();
    String rule = (String) zoe.js("return document.querySelector('#auth-username').validationMessage");
    assertThat(rule).contains("lowercase letters").contains("no spaces").doesNotContain("requested format");

    zoe.find("#auth-username").clear();
    zoe.find("#auth-username").sendKeys("zoe");
    zoe.find("#login").click();
    zoe.until(d -> zoe.find("#auth-message").getText().contains("New here?"));
    assertThat(zoe.find("#auth-message").getText()).contains("Unknown username or wrong password");
    zoe.find("#auth-message button.create-instead").click();
    zoe.until(d -> "open".equals(zoe.js("return document.querySelector('#connection')?.dataset.bus")));
    assertThat(zoe.js("return __eventual.me.username")).isEqualTo("zoe");
    zoe.until(d -> "new-list-name".equals(zoe.js("return document.activeElement.id")));
  }
}
