package dev.eventual.identity;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.From;
import dev.eventual.support.OneNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins are limited per (username, address) and per address, and slowed per username, so an attacker cannot
 * lock a user out, and still cannot guess much. Each attacker is a client address of its own (127.0.0.x).
 */
class LoginLimitTest {
  static final int PER_PAIR = 5;
  static final int PER_ADDRESS = 12;
  static final int PER_USER = 8;

  @RegisterExtension
  static final OneNode node = OneNode.with("auth.loginFailuresPerUserAndAddress", String.valueOf(PER_PAIR),
      "auth.loginFailuresPerAddress", String.valueOf(PER_ADDRESS), "auth.loginFailuresPerUser", String.valueOf(PER_USER));

  static From from(String address) {
    return From.address(address, node.app.port());
  }

  @Test
  @DisplayName("wrong passwords from one address slow that address down, never the user: the right password from elsewhere gets in")
  void attackerCannotLockOut() {
    User bob = node.api.signup(Api.uniqueName("bob"));
    From attacker = from("127.0.0.2");
    int answered = 0;
    From.Answer last = null;
    for (int i = 0; i < 40; i++) {
      last = attacker.login(bob.username(), "wrong-password-" + i);
      if (last.status() == 429) {
        break;
      }
      assertThat(last.status()).isEqualTo(401);
      answered++;
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.json().getString("type")).isEqualTo("/problems/too-many-logins");
    assertThat(Integer.parseInt(last.header("retry-after"))).isBetween(1, 2);
    assertThat(answered).as("guesses answered before the address was slowed down").isEqualTo(PER_PAIR);
    assertThat(attacker.login(bob.username(), "password-1").status()).as("the attacker's address, even with the right password")
      .isEqualTo(429);

    for (int i = 0; i < 3; i++) {
      From.Answer user = from("127.0.0.1").login(bob.username(), "password-1");
      assertThat(user.status()).as(user.body()).isEqualTo(200);
      assertThat(user.cookie()).startsWith("eventual_session=");
    }
  }

  @Test
  @DisplayName("a brute force of one account from many addresses is throttled to about a guess a second, and its user still gets in")
  void manyAddresses() throws Exception {
    User carol = node.api.signup(Api.uniqueName("carol"));
    for (int host = 10; host < 10 + PER_USER / 2; host++) {
      for (int i = 0; i < 2; i++) {
        assertThat(from("127.0.0." + host).login(carol.username(), "guess-" + host + "-" + i).status()).isEqualTo(401);
      }
    }
    From fresh = from("127.0.0.14");
    assertThat(fresh.login(carol.username(), "first guess").status()).as("an address's first guess").isEqualTo(401);
    List<CompletableFuture<From.Answer>> burst = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String guess = "burst " + i;
      burst.add(CompletableFuture.supplyAsync(() -> fresh.login(carol.username(), guess)));
    }
    long guessed = 0;
    for (CompletableFuture<From.Answer> answer : burst) {
      From.Answer a = answer.get();
      assertThat(a.status()).isIn(401, 429);
      if (a.status() == 429) {
        assertThat(a.header("retry-after")).isEqualTo("1");
      } else {
        guessed++;
      }
    }
    assertThat(guessed).as("guesses of a burst let through to an account under attack").isLessThanOrEqualTo(1);
    assertThat(from("127.0.0.15").login(carol.username(), "password-1").status()).as("the user, from an address without failures")
      .isEqualTo(200);
  }

  @Test
  @DisplayName("one address guessing many usernames is slowed down after auth.loginFailuresPerAddress failures, for every username")
  void perAddress() {
    User dora = node.api.signup(Api.uniqueName("dora"));
    From sprayer = from("127.0.0.20");
    int answered = 0;
    From.Answer last = null;
    for (int i = 0; i < 3 * PER_ADDRESS; i++) {
      last = sprayer.login(Api.uniqueName("nobody"), "password-1");
      if (last.status() == 429) {
        break;
      }
      assertThat(last.status()).isEqualTo(401);
      answered++;
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(answered).isEqualTo(PER_ADDRESS);
    assertThat(sprayer.login(dora.username(), "password-1").status()).isEqualTo(429);
    assertThat(from("127.0.0.21").login(dora.username(), "password-1").status()).isEqualTo(200);
  }
}
