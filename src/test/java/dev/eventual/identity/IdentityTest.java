package dev.eventual.identity;

import dev.eventual.support.Namespace;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Sign-up is a command like any other: its Idempotency-Key follows the same rules. */
class IdentityTest {
  static String ns = TestNode.namespace();
  static TestNode one;

  @BeforeAll
  static void start() throws Exception {
    one = TestNode.start(ns);
  }

  @AfterAll
  static void stop() throws Exception {
    one.close();
    Namespace.delete(ns);
  }

  static String credentials(String username) {
    return new JsonObject().put("username", username).put("password", "password-1").encode();
  }

  @Test
  @DisplayName("a sign-up with an Idempotency-Key another command used is a 422, as for every command; a retry of the same sign-up gets the same answer")
  void signupKeyReused() {
    User ana = one.api.signup(Api.uniqueName("ana"));
    String key = UUID.randomUUID().toString();
    assertThat(one.api.commandWithKey(ana, key, "POST", "/api/lists", "{\"name\":\"mine\"}", "Prefer", "wait=10").status())
      .isEqualTo(201);
    Api.Response reused = one.api.send("POST", "/api/auth/signup", null, credentials(Api.uniqueName("bob")), "Idempotency-Key", key);
    assertProblem(reused, 422);
    assertThat(reused.json().getString("type")).isEqualTo("/problems/idempotency-key-reused");

    String signupKey = UUID.randomUUID().toString();
    String cid = Api.uniqueName("cid");
    Api.Response first = one.api.send("POST", "/api/auth/signup", null, credentials(cid), "Idempotency-Key", signupKey);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    Api.Response retry = one.api.send("POST", "/api/auth/signup", null, credentials(cid), "Idempotency-Key", signupKey);
    assertThat(retry.status()).as(retry.body()).isEqualTo(201);
    assertThat(retry.json()).isEqualTo(first.json());
    Api.Response otherName = one.api.send("POST", "/api/auth/signup", null, credentials(Api.uniqueName("dan")), "Idempotency-Key", signupKey);
    assertProblem(otherName, 422);
    Api.Response otherPassword = one.api.send("POST", "/api/auth/signup", null,
      new JsonObject().put("username", cid).put("password", "another-password").encode(), "Idempotency-Key", signupKey);
    assertProblem(otherPassword, 422);
  }
}
