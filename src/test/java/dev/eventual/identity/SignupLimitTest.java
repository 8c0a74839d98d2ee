package dev.eventual.identity;

import dev.eventual.support.Api;
import dev.eventual.support.From;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up is limited per client address, hashes on a pool of its own, and answers a taken name only after the same
 * work as a real sign-up, counted against the same limit. Passwords are hashed with real cost here (100,000 iterations).
 */
class SignupLimitTest {
  static final int PER_ADDRESS = 3;

  @RegisterExtension
  static final OneNode node = OneNode.with("auth.signupsPerAddressPerHour", String.valueOf(PER_ADDRESS), "auth.pbkdf2Iterations", "100000");

  static From.Answer signup(String address, String username) {
    return From.address(address, node.app.port()).post("/api/auth/signup", null,
      new JsonObject().put("username", username).put("password", "password-1").encode(), "Idempotency-Key", UUID.randomUUID().toString());
  }

  @Test
  @DisplayName("past auth.signupsPerAddressPerHour an address gets 429, for a taken name as for a free one; other addresses go on")
  void perAddress() {
    String taken = Api.uniqueName("taken");
    assertThat(signup("127.0.0.2", taken).status()).isEqualTo(201);
    assertThat(signup("127.0.0.2", taken).status()).isEqualTo(409);
    assertThat(signup("127.0.0.2", Api.uniqueName("free")).status()).isEqualTo(201);
    From.Answer probe = signup("127.0.0.2", taken);
    assertThat(probe.status()).as("a taken name past the limit: " + probe.body()).isEqualTo(429);
    From.Answer limited = signup("127.0.0.2", Api.uniqueName("free"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().getString("type")).isEqualTo("/problems/too-many-signups");
    assertThat(Long.parseLong(limited.header("retry-after"))).isBetween(1L, 3600L);
    assertThat(limited.json()).isEqualTo(probe.json().put("retryAfter", limited.json().getValue("retryAfter")));
    assertThat(signup("127.0.0.3", taken).status()).isEqualTo(409);
    assertThat(signup("127.0.0.3", Api.uniqueName("free")).status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a taken name is answered only after as much work as a real sign-up, so timing does not tell names apart cheaply")
  void takenCostsTheSame() {
    String taken = Api.uniqueName("known");
    assertThat(signup("127.0.0.4", taken).status()).isEqualTo(201);
    long[] real = new long[3];
    long[] probe = new long[3];
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(signup("127.0.1." + i, Api.uniqueName("real")).status()).isEqualTo(201);
      real[i] = System.nanoTime() - start;
      start = System.nanoTime();
      assertThat(signup("127.0.2." + i, taken).status()).isEqualTo(409);
      probe[i] = System.nanoTime() - start;
    }
    Arrays.sort(real);
    Arrays.sort(probe);
    System.out.printf("sign-up median %.1f ms, taken-name median %.1f ms%n", real[1] / 1e6, probe[1] / 1e6);
    assertThat(probe[1]).as("median taken-name answer vs median sign-up, ns").isGreaterThan(real[1] * 2 / 5);
  }

  @Test
  @DisplayName("sign-in stays fast while a burst of sign-ups waits for hashing: they hash on a pool of their own, and too many wait 503")
  void loginDuringSignupBurst() throws Exception {
    String username = Api.uniqueName("steady");
    assertThat(signup("127.0.0.5", username).status()).isEqualTo(201);
    int burst = 40;
    AtomicInteger signedUp = new AtomicInteger();
    List<CompletableFuture<Integer>> signups = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      String address = "127.0.3." + i;
      signups.add(CompletableFuture.supplyAsync(() -> signup(address, Api.uniqueName("burst")).status())
        .whenComplete((status, err) -> {
          if (Integer.valueOf(201).equals(status)) {
            signedUp.incrementAndGet();
          }
        }));
    }
    CompletableFuture.anyOf(signups.toArray(CompletableFuture[]::new)).get();
    long start = System.nanoTime();
    From.Answer login = From.address("127.0.0.5", node.app.port()).login(username, "password-1");
    long loginMs = (System.nanoTime() - start) / 1_000_000;
    int doneByThen = signedUp.get();
    assertThat(login.status()).isEqualTo(200);
    CompletableFuture.allOf(signups.toArray(CompletableFuture[]::new)).get();
    for (CompletableFuture<Integer> s : signups) {
      assertThat(s.get()).isIn(201, 503);
    }
    System.out.printf("login during a burst of %d sign-ups: %d ms, %d signed up by then%n", burst, loginMs, doneByThen);
    assertThat(doneByThen).as("sign-ups done before the login was answered").isLessThan(burst / 4);
  }
}
