package dev.eventual.spine;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users who send the same Idempotency-Key at the same moment: one of them wins, the other gets the documented
 * 422 and never the winner's data — on the same node (where the key is claimed before publishing) and on two nodes
 * (where both commands reach the queue and the processor keeps the first).
 */
class KeyRaceTest {
  static final int ROUNDS = 40;
  static final String REUSED = "/problems/idempotency-key-reused";
  static String ns = TestNode.namespace();
  static TestNode one;
  static TestNode two;
  static User ana;
  static User bob;
  static final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void start() throws Exception {
    one = TestNode.start(ns);
    two = TestNode.start(ns, "processor.instances", "0");
    ana = one.api.signup(Api.uniqueName("ana"));
    bob = one.api.signup(Api.uniqueName("bob"));
    // Both users are folded on the second node once a later event is.
    String listId = one.api.createList(ana, "warm-up");
    two.api.listAtVersion(ana, listId, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    pool.shutdownNow();
    two.close();
    one.close();
    Namespace.delete(ns);
  }

  @Test
  @DisplayName("two users racing one key on one node: one 201 with its own list, one 422, no leak")
  void sameNode() throws Exception {
    assertThat(race(one.api, one.api, "same node")).as("losers whose command was published anyway").isZero();
  }

  @Test
  @DisplayName("two users racing one key on two nodes: the loser's command is dropped by the processor, and the loser learns 422")
  void twoNodes() throws Exception {
    assertThat(race(one.api, two.api, "two nodes")).as("races in which both commands reached the queue").isPositive();
  }

  /** Races {@link #ROUNDS} times; returns how often the loser's command was accepted too (and then dropped). */
  private int race(Api anaApi, Api bobApi, String setting) throws Exception {
    int leaks = 0;
    int anaWon = 0;
    int bothAccepted = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String key = UUID.randomUUID().toString();
      String anaName = "A-secret-" + round;
      String bobName = "B-" + round;
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture<Api.Response> byAna = createList(anaApi, ana, key, anaName, together);
      CompletableFuture<Api.Response> byBob = createList(bobApi, bob, key, bobName, together);
      Api.Response a = byAna.get(30, TimeUnit.SECONDS);
      Api.Response b = byBob.get(30, TimeUnit.SECONDS);
      int leak = leaked(a, bobName) + leaked(b, anaName);
      if (leak > 0) {
        leaks += leak;
        continue;
      }
      boolean anaWins = a.status() == 201;
      anaWon += anaWins ? 1 : 0;
      Api.Response won = anaWins ? a : b;
      Api.Response lost = anaWins ? b : a;
      assertThat(won.status()).as("winner of round %d: %s", round, won.body()).isEqualTo(201);
      assertThat(won.json().getString("name")).isEqualTo(anaWins ? anaName : bobName);
      assertReused(lost);

      User loser = anaWins ? bob : ana;
      Api.Response asked = (anaWins ? bobApi : anaApi).get(loser, "/api/commands/" + key);
      assertThat(asked.status()).as("the loser asks for its command: %s", asked.body()).isIn(404, 422);
      assertThat(asked.body()).doesNotContain(anaWins ? anaName : bobName);
      if (asked.status() == 422) {
        assertReused(asked);
        bothAccepted++;
      }
      assertReused((anaWins ? bobApi : anaApi).commandWithKey(loser, key, "POST", "/api/lists",
        new JsonObject().put("name", "retry").encode(), "Prefer", "wait=10"));
      assertReused((anaWins ? bobApi : anaApi).commandWithKey(loser, key, "POST", "/api/lists",
        new JsonObject().put("name", "retry").encode()));
      Api.Response winnersView = (anaWins ? anaApi : bobApi).get(anaWins ? ana : bob, "/api/commands/" + key);
      assertThat(winnersView.status()).isEqualTo(200);
      assertThat(winnersView.json().getString("status")).isEqualTo("succeeded");
    }
    System.out.printf("KeyRaceTest %s: %d races, ana won %d, both commands accepted (loser learnt 422 from the outcome) %d, leaks %d%n",
      setting, ROUNDS, anaWon, bothAccepted, leaks);
    assertThat(leaks).as("answers that carried the other user's list, in %d races", ROUNDS).isZero();
    return bothAccepted;
  }

  private static CompletableFuture<Api.Response> createList(Api api, User user, String key, String name, CyclicBarrier together) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        together.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return api.commandWithKey(user, key, "POST", "/api/lists", new JsonObject().put("name", name).encode(), "Prefer", "wait=10");
    }, pool);
  }

  /** 1 when an answer carries the other user's list name. */
  private static int leaked(Api.Response r, String othersName) {
    return r.body().contains(othersName) ? 1 : 0;
  }

  private static void assertReused(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(r.json().getString("type")).isEqualTo(REUSED);
  }
}
