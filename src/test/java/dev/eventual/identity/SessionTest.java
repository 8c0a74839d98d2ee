package dev.eventual.identity;

import dev.eventual.auth.Sessions;
import dev.eventual.support.Namespace;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Sign-out and who a session may be: two nodes of one deployment, driven over HTTP and sockets. */
class SessionTest {
  static String ns = TestNode.namespace();
  static TestNode one;
  static TestNode two;

  @BeforeAll
  static void start() throws Exception {
    one = TestNode.start(ns);
    two = TestNode.start(ns);
  }

  @AfterAll
  static void stop() throws Exception {
    one.close();
    two.close();
    Namespace.delete(ns);
  }

  static String credentials(String username) {
    return new JsonObject().put("username", username).put("password", "password-1").encode();
  }

  @Test
  @DisplayName("after logout the session's cookie is refused on every node, and its open sockets are closed; other sessions go on")
  void logoutEndsTheSessionEverywhere() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    Api.Response again = one.api.send("POST", "/api/auth/login", null, credentials(ana.username()));
    User elsewhere = new User(ana.userId(), ana.username(), again.cookie());
    assertThat(two.api.get(ana, "/api/me").status()).isEqualTo(200);
    try (Socket leaving = one.socket(ana.cookie()); Socket onTwo = two.socket(ana.cookie()); Socket staying = one.socket(elsewhere.cookie())) {
      assertThat(leaving.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      assertThat(onTwo.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      assertThat(staying.register("user." + ana.userId()).getString("type")).isEqualTo("registered");

      Api.Response out = one.api.send("POST", "/api/auth/logout", ana.cookie(), null);
      assertThat(out.status()).isEqualTo(204);
      assertThat(out.headers().allValues("set-cookie")).anyMatch(c -> c.startsWith("eventual_session=;") && c.contains("Max-Age=0"));

      assertProblem(one.api.get(ana, "/api/me"), 401);
      assertProblem(one.api.get(ana, "/api/lists"), 401);
      assertProblem(one.api.command(ana, "POST", "/api/lists", "{\"name\":\"after logout\"}"), 401);
      try (Socket refused = one.socket(ana.cookie())) {
        assertThat(refused.awaitClosed(10)).as("a new socket of the ended session").isTrue();
      }
      assertThat(leaving.awaitClosed(10)).as("the ended session's open socket on this node").isTrue();
      assertThat(onTwo.awaitClosed(20)).as("the ended session's open socket on the other node").isTrue();
      assertProblem(awaitRefused(two.api, ana), 401);

      assertThat(one.api.get(elsewhere, "/api/me").status()).isEqualTo(200);
      String listId = one.api.createList(elsewhere, "still signed in");
      assertThat(staying.nextMessage(10).getString("listId")).isEqualTo(listId);
      assertThat(staying.isClosed()).isFalse();
    }
    assertThat(one.api.send("POST", "/api/auth/logout", ana.cookie(), null).status()).as("logging out twice").isEqualTo(204);
  }

  @Test
  @DisplayName("a validly signed session of a user this deployment has never seen is a 401, and creates nothing")
  void unknownUser() throws Exception {
    Sessions sessions = new Sessions("test-secret-test-secret-test-secret-0123".getBytes(StandardCharsets.UTF_8), 3600, Clock.systemUTC());
    String ghost = "eventual_session=" + sessions.cookie(sessions.issue(UUID.randomUUID().toString(), "ghost", 0), false).getValue();
    assertProblem(one.api.send("GET", "/api/me", ghost, null), 401);
    assertProblem(one.api.send("POST", "/api/lists", ghost, "{\"name\":\"haunted\"}", "Idempotency-Key", UUID.randomUUID().toString()), 401);
    try (Socket socket = one.socket(ghost)) {
      assertThat(socket.awaitClosed(10)).isTrue();
    }
    assertThat(one.node.readModel().state().allLists()).noneMatch(l -> l.name().equals("haunted"));
  }

  /** The other node folds the logout a moment later: ask until it refuses (bounded), and return that answer. */
  private static Api.Response awaitRefused(Api api, User user) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    Api.Response r;
    do {
      r = api.get(user, "/api/me");
    } while (r.status() == 200 && System.nanoTime() < deadline);
    return r;
  }
}
