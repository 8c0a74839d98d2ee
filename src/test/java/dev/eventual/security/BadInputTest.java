package dev.eventual.security;

import dev.eventual.auth.Sessions;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and broken input: always a 4xx problem body, never a 5xx or a stack trace, and the server stays up. */
class BadInputTest {
  static final String SECRET = "test-secret-test-secret-test-secret-0123";
  static User ana;
  static String listId;

  @RegisterExtension
  static final OneNode node = OneNode.with("auth.loginFailuresPerUserAndAddress", "5", "auth.loginFailuresPerAddress", "12");

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    listId = node.api.createList(ana, "target");
  }

  @AfterAll
  static void stop() throws Exception {
    assertThat(node.app.management.get(null, "/health").status()).as("still up after all of it").isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "not json", "[1,2,3]", "\"text\"", "null", "{\"text\":5}", "{\"text\":null}", "{}", "{\"text\":\"\"}",
    "{\"text\":\"   \"}", "{\"text\":[\"a\"]}", "{\"text\":{\"a\":1}}", "{\"text\":\"ok\",\"extra\":1}",
    "{\"text\":\"a\\u0000b\"}", "{\"text\":\"\\ud800\"}", "{\"text\":\"ok\",\"expectedVersion\":-1}",
    "{\"text\":\"ok\",\"expectedVersion\":1.5}", "{\"text\":\"ok\",\"expectedVersion\":\"3\"}", "{\"text\":\"x\"", "{\"text\":\"x\"}}"})
  @DisplayName("a malformed, mistyped or incomplete todo body is a 400 problem")
  void badTodoBodies(String body) {
    assertProblem(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", body), 400);
  }

  @Test
  @DisplayName("strings are measured in characters: 500 emoji fit, 501 do not; a huge string is a 413")
  void unicodeAndSize() {
    String emoji = "\uD83D\uDE00";
    assertThat(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
      new JsonObject().put("text", emoji.repeat(500)).encode()).status()).isEqualTo(202);
    assertProblem(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
      new JsonObject().put("text", emoji.repeat(501)).encode()), 400);
    assertThat(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
      new JsonObject().put("text", "עברית \u200F mixed ✓ ñ").encode()).status()).isEqualTo(202);
    assertProblem(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
      new JsonObject().put("text", "x".repeat(1_000_000)).encode()), 413);
  }

  @Test
  @DisplayName("Idempotency-Key missing, malformed or sent twice is a 400")
  void idempotencyKeys() {
    String path = "/api/lists/" + listId + "/todos";
    assertProblem(node.api.send("POST", path, ana.cookie(), "{\"text\":\"a\"}"), 400);
    assertProblem(node.api.send("POST", path, ana.cookie(), "{\"text\":\"a\"}", "Idempotency-Key", "12345"), 400);
    assertProblem(node.api.send("POST", path, ana.cookie(), "{\"text\":\"a\"}", "Idempotency-Key", UUID.randomUUID() + "x"), 400);
    assertProblem(node.api.send("POST", path, ana.cookie(), "{\"text\":\"a\"}",
      "Idempotency-Key", UUID.randomUUID().toString(), "Idempotency-Key", UUID.randomUUID().toString()), 400);
  }

  @Test
  @DisplayName("a forged, tampered or expired session cookie is treated as no session: 401")
  void forgedSessions() {
    String tampered = ana.cookie().substring(0, ana.cookie().length() - 3) + "abc";
    assertProblem(node.api.send("GET", "/api/me", tampered, null), 401);
    assertProblem(node.api.send("GET", "/api/me", "eventual_session=garbage", null), 401);
    assertProblem(node.api.send("GET", "/api/me", "eventual_session=" + "a".repeat(5000) + ".b", null), 401);
    Sessions otherSecret = new Sessions("another-secret-another-secret-0123456".getBytes(StandardCharsets.UTF_8), 3600, Clock.systemUTC());
    String forged = otherSecret.cookie(otherSecret.issue(ana.userId(), ana.username(), 0), false).getValue();
    assertProblem(node.api.send("GET", "/api/me", "eventual_session=" + forged, null), 401);
    Sessions past = new Sessions(SECRET.getBytes(StandardCharsets.UTF_8), 60,
      Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
    String expired = past.cookie(past.issue(ana.userId(), ana.username(), 0), false).getValue();
    assertProblem(node.api.send("GET", "/api/me", "eventual_session=" + expired, null), 401);
    assertThat(node.api.send("GET", "/api/me", ana.cookie(), null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("unknown routes are 404 and unsupported methods 405, both as problems; path traversal reaches no file")
  void routesAndTraversal() throws Exception {
    assertProblem(node.api.get(ana, "/api/nope"), 404);
    assertProblem(node.api.send("PUT", "/api/lists", ana.cookie(), "{}"), 405);
    assertProblem(node.api.get(ana, "/api/lists/not-a-uuid"), 404);
    for (String path : new String[] {"/../pom.xml", "/..%2f..%2fpom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/webroot/../../pom.xml",
      "/webjars/../../../../etc/passwd", "/css/..%5c..%5cpom.xml"}) {
      String raw = rawGet(path);
      assertThat(raw).as(path).doesNotContain("<project").doesNotContain("root:x:0:0");
      assertThat(raw).as(path).startsWith("HTTP/1.1 4");
    }
  }

  @Test
  @DisplayName("a cross-origin POST is refused with 403 before anything is enqueued")
  void crossOrigin() {
    assertProblem(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"csrf\"}", "Origin", "https://evil.example"), 403);
    assertProblem(node.api.command(ana, "DELETE", "/api/lists/" + listId, null, "Origin", "null"), 403);
    assertThat(node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("todos").encode()).doesNotContain("csrf");
  }

  @Test
  @DisplayName("failed logins are limited per user and address and per address: 429 with Retry-After")
  void loginRateLimit() {
    User bob = node.api.signup(Api.uniqueName("bob"));
    String wrong = "{\"username\":\"" + bob.username() + "\",\"password\":\"wrong-password\"}";
    for (int i = 0; i < 5; i++) {
      assertProblem(node.api.send("POST", "/api/auth/login", null, wrong), 401);
    }
    Api.Response limited = node.api.send("POST", "/api/auth/login", null, wrong);
    assertProblem(limited, 429);
    assertThat(limited.headers().firstValue("retry-after")).isPresent();
    String right = "{\"username\":\"" + bob.username() + "\",\"password\":\"password-1\"}";
    assertProblem(node.api.send("POST", "/api/auth/login", null, right), 429);
    int answered = 0;
    Api.Response last = null;
    for (int i = 0; i < 12; i++) {
      last = node.api.send("POST", "/api/auth/login", null, "{\"username\":\"user" + i + "\",\"password\":\"whatever-1\"}");
      answered++;
      if (last.status() == 429) {
        break;
      }
    }
    assertProblem(last, 429);
    assertThat(answered).as("attempts from one address before 429").isLessThanOrEqualTo(12);
  }

  @Test
  @DisplayName("bridge frames that are not JSON, of unknown type or for wildcard-looking addresses are refused; the socket cannot escalate")
  void hostileFrames() throws Exception {
    User eve = node.api.signup(Api.uniqueName("eve"));
    try (dev.eventual.support.Socket socket = node.app.socket(ana.cookie())) {
      for (String address : new String[] {"user.*", "user.>", "user." + ana.userId() + ".x", "user.#", "user." + eve.userId(),
        "user.", "*", "eventual.internal.outcome." + UUID.randomUUID()}) {
        JsonObject answer = socket.register(address);
        assertThat(answer).as(address).isNotNull();
        assertThat(answer.getString("type")).as(address).isEqualTo("err");
      }
      socket.send(new JsonObject().put("type", "publish").put("address", "user." + eve.userId()).put("body", "hi"));
      assertThat(socket.next(10).getString("type")).isEqualTo("err");
      socket.send(new JsonObject().put("type", "bogus"));
      assertThat(socket.next(10).getString("type")).isEqualTo("err");
      assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
    }
    try (dev.eventual.support.Socket socket = node.app.socket(ana.cookie())) {
      socket.sendRaw("this is not json");
      JsonObject answer = socket.next(10);
      assertThat(answer == null || "err".equals(answer.getString("type"))).isTrue();
    }
  }

  @Test
  @DisplayName("10,000 REGISTERs from one socket neither flood it with copies nor break the server")
  void registerFlood() throws Exception {
    try (dev.eventual.support.Socket socket = node.app.socket(ana.cookie())) {
      JsonObject register = new JsonObject().put("type", "register").put("address", "user." + ana.userId());
      for (int i = 0; i < 10_000; i++) {
        socket.send(register);
      }
      var r = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"after the flood\"}");
      String commandId = r.json().getString("commandId");
      int copies = 0;
      JsonObject m;
      while ((m = socket.nextMessage(5)) != null) {
        if (commandId.equals(m.getString("commandId"))) {
          copies++;
          var marker = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"marker\"}");
          String markerId = marker.json().getString("commandId");
          while ((m = socket.nextMessage(5)) != null && !markerId.equals(m.getString("commandId"))) {
            if (commandId.equals(m.getString("commandId"))) {
              copies++;
            }
          }
          break;
        }
      }
      assertThat(copies).isEqualTo(1);
    }
    assertThat(node.app.management.get(null, "/health").status()).isEqualTo(200);
  }

  private String rawGet(String path) throws Exception {
    try (java.net.Socket s = new java.net.Socket("localhost", node.app.port())) {
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
