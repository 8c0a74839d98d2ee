package dev.eventual.security;

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

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body is read one way, strictly: JSON in UTF-8 and nothing else (415 before anything parses it), with
 * no duplicate keys, no comments, no malformed UTF-8, and no bidi controls in names and texts.
 */
class StrictInputTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();
  static User ana;
  static String listId;

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
  @ValueSource(strings = {"/api/auth/login", "/api/auth/signup", "/api/auth/logout", "/api/lists", "/api/lists/LIST/todos",
    "/api/lists/LIST/todos/restore", "/api/lists/LIST/members", "/api/lists/LIST/presence", "/api/admin/chaos", "/api/nope"})
  @DisplayName("a form-encoded POST of 1,500 bytes is a 415 problem, signed in or not")
  void formPosts(String path) throws Exception {
    String form = "a".repeat(1500);
    for (String cookie : new String[] {null, ana.cookie()}) {
      Api.Response r = send("POST", path.replace("LIST", listId), cookie, "application/x-www-form-urlencoded", form.getBytes());
      assertProblem(r, 415);
      assertThat(r.json().getString("type")).isEqualTo("/problems/unsupported-media-type");
    }
  }

  @Test
  @DisplayName("a body that is not application/json in UTF-8 is a 415: text, multipart, no type, another charset")
  void otherMediaTypes() throws Exception {
    byte[] json = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    for (String type : new String[] {"text/plain", "text/plain;charset=UTF-8", "multipart/form-data; boundary=x", "application/xml",
      "application/jsonx", "application/json; charset=iso-8859-1", null}) {
      assertProblem(send("POST", "/api/lists", ana.cookie(), type, json), 415);
    }
    assertThat(send("POST", "/api/lists", ana.cookie(), "application/json; charset=utf-8", json).status()).isEqualTo(202);
    assertThat(send("POST", "/api/lists", ana.cookie(), "Application/JSON", json).status()).isEqualTo(202);
    assertThat(send("DELETE", "/api/lists/" + listId + "/presence", ana.cookie(), null, null).status()).isEqualTo(204);
    assertThat(send("GET", "/api/lists", ana.cookie(), "text/plain", null).status()).as("a GET has no body to refuse").isEqualTo(200);
  }

  @Test
  @DisplayName("a form-encoded POST of 1,500 bytes outside /api is never a 5xx either")
  void formPostsElsewhere() throws Exception {
    byte[] form = "a".repeat(1500).getBytes();
    String session = "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/";
    for (String path : new String[] {"/", "/ready", "/index.html", "/eventbus/info", session + "xhr_send", session + "xhr"}) {
      int status = send("POST", path, null, "application/x-www-form-urlencoded", form).status();
      assertThat(status).as(path).isBetween(200, 499);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{\"name\":\"a\",\"name\":\"b\"}", "{\"name\":\"a\" /* note */}", "// note\n{\"name\":\"a\"}",
    "{\"name\":\"a\"} # note", "{'name':'a'}", "{name:\"a\"}", "{\"name\":\"a\",}", "\uFEFF{\"name\":\"a\"}"})
  @DisplayName("duplicate keys, comments and other JSON extensions are a 400 malformed-json")
  void notStrictJson(String body) throws Exception {
    Api.Response r = send("POST", "/api/lists", ana.cookie(), "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertProblem(r, 400);
    assertThat(r.json().getString("type")).isEqualTo("/problems/malformed-json");
  }

  @Test
  @DisplayName("a duplicate key is named in the answer")
  void duplicateNamed() throws Exception {
    Api.Response r = send("POST", "/api/lists/" + listId + "/todos", ana.cookie(), "application/json",
      "{\"text\":\"a\",\"text\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    assertProblem(r, 400);
    assertThat(r.json().getString("detail")).contains("duplicate").contains("'text'");
  }

  @Test
  @DisplayName("malformed UTF-8 is a 400: overlong '/', an encoded surrogate, a lone continuation byte, a truncated sequence")
  void malformedUtf8() throws Exception {
    int[][] bad = {{0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0x80}, {0xE2, 0x82}, {0xFF}, {0xF8, 0x88, 0x80, 0x80, 0x80}};
    for (int[] bytes : bad) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes("{\"name\":\"a".getBytes(StandardCharsets.UTF_8));
      for (int b : bytes) {
        body.write(b);
      }
      body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
      Api.Response r = send("POST", "/api/lists", ana.cookie(), "application/json", body.toByteArray());
      assertProblem(r, 400);
      assertThat(r.json().getString("type")).isEqualTo("/problems/malformed-json");
    }
    assertThat(node.api.get(ana, "/api/lists").body()).doesNotContain("a/b");
  }

  @Test
  @DisplayName("bidi embeddings, overrides and isolates are refused in list names and todo texts; the marks of RTL text are not")
  void bidiControls() throws Exception {
    for (char c : "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069".toCharArray()) {
      String text = "invoice" + c + "fdp.exe";
      assertProblem(node.api.command(ana, "POST", "/api/lists", new JsonObject().put("name", text).encode()), 400);
      assertProblem(node.api.command(ana, "PATCH", "/api/lists/" + listId, new JsonObject().put("name", text).encode()), 400);
      assertProblem(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", text).encode()), 400);
    }
    for (String rtl : new String[] {"עברית \u200F (1)", "\u200Eabc", "العربية \u061C 2"}) {
      assertThat(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", rtl).encode()).status())
        .as(rtl).isEqualTo(202);
    }
  }

  private static Api.Response send(String method, String path, String cookie, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path)).timeout(Duration.ofSeconds(30))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
      .header("Idempotency-Key", UUID.randomUUID().toString());
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return Api.Response.of(r.statusCode(), r.body(), r.headers());
  }
}
