package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.OneNode;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP as clients and proxies speak it: h2c, HEAD, Allow; and a node that logs what it must, not every disconnect. */
class ProtocolEdgeTest {
  static User ana;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
  }

  @Test
  @DisplayName("over HTTP/2 cleartext (h2c), a same-origin write is allowed and a foreign one refused")
  void h2c() throws Exception {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
    String origin = "http://localhost:" + node.app.port();
    HttpResponse<String> health = h2.send(request("/ready").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.version()).as("the client upgraded to h2c").isEqualTo(HttpClient.Version.HTTP_2);
    String body = new JsonObject().put("username", Api.uniqueName("h2")).put("password", "password-1").encode();
    HttpResponse<String> signup = h2.send(request("/api/auth/signup").header("Origin", origin).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(signup.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
    HttpResponse<String> list = h2.send(request("/api/lists").header("Origin", origin).header("Content-Type", "application/json")
      .header("Cookie", ana.cookie()).header("Idempotency-Key", UUID.randomUUID().toString())
      .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"over h2\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(202);
    HttpResponse<String> foreign = h2.send(request("/api/lists").header("Origin", "http://localhost:1").header("Content-Type", "application/json")
      .header("Cookie", ana.cookie()).header("Idempotency-Key", UUID.randomUUID().toString())
      .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"csrf\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("HEAD answers what GET would, without a body: /ready, the app, a query")
  void head() {
    for (String path : new String[] {"/ready", "/", "/index.html", "/api/lists", "/api/me"}) {
      Api.Response r = node.api.send("HEAD", path, ana.cookie(), null);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).isEmpty();
    }
    assertThat(node.api.send("HEAD", "/api/nope", ana.cookie(), null).status()).isEqualTo(404);
    assertThat(node.api.send("HEAD", "/api/me", null, null).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a 405 says in Allow which methods the resource has")
  void allow() {
    String listId = node.api.createList(ana, "allow");
    assertAllows(node.api.send("PUT", "/api/lists", ana.cookie(), "{}"), "GET", "HEAD", "POST");
    assertAllows(node.api.send("DELETE", "/ready", null, null), "GET", "HEAD");
    assertAllows(node.api.send("POST", "/api/lists/" + listId + "/presence", ana.cookie(), null), "PUT", "DELETE");
    assertAllows(node.api.send("PUT", "/api/lists/" + listId, ana.cookie(), "{}"), "GET", "HEAD", "PATCH", "DELETE");
  }

  @Test
  @DisplayName("a cursor below -1 is a 400, not a 410 'reload your state'")
  void negativeCursor() {
    assertProblem(node.api.get(ana, "/api/events?after=-2"), 400);
    assertProblem(node.api.get(ana, "/api/events?after=" + Long.MIN_VALUE), 400);
    assertThat(node.api.get(ana, "/api/events?after=-1").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a dropped XHR stream and an oversized frame leave no ERROR in the log")
  void quietLog() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 3; i++) {
        dropXhr("xhr_streaming", "Content-Length: 0\r\n\r\n");
        dropXhr("xhr", "Content-Length: 0\r\n\r\n");
        dropXhr("xhr_send", "Content-Type: text/plain\r\nContent-Length: 100\r\n\r\n[\"{}");
        dropXhr("xhr_send", "Transfer-Encoding: chunked\r\n\r\n5\r\n[\"{}");
        oversizedFrame("/eventbus/websocket");
        oversizedFrame("/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/websocket");
      }
      assertThat(node.app.management.get(null, "/health").status()).isEqualTo(200);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    err.print(log);
    assertThat(log.lines().filter(l -> l.contains(" ERROR ")).toList()).isEmpty();
    assertThat(log.lines().filter(l -> l.contains(" WARN ") && !l.contains("BlockedThreadChecker")).toList()).isEmpty();
    assertThat(log.lines().filter(l -> l.contains("Max frame length")).count()).as("one line per oversized frame").isEqualTo(6);
  }

  /** Opens an XHR transport's long request and drops the connection while the server holds it. */
  private void dropXhr(String transport, String rest) throws Exception {
    String session = "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/" + transport;
    try (java.net.Socket s = new java.net.Socket("localhost", node.app.port())) {
      String request = "POST " + session + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + ana.cookie() + "\r\n" + rest;
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      if (!transport.equals("xhr_send")) {
        s.getInputStream().read(new byte[256]);
      }
      s.setSoLinger(true, 0);
    }
  }

  private void oversizedFrame(String path) throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(node.app.port()).setURI(path)
      .addHeader("Cookie", ana.cookie());
    var client = node.app.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
    try {
      WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> closed = new CompletableFuture<>();
      ws.closeHandler(v -> closed.complete(null));
      char[] big = new char[200_000];
      Arrays.fill(big, 'x');
      ws.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(new String(big), true));
      closed.get(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  private static void assertAllows(Api.Response r, String... methods) {
    assertProblem(r, 405);
    Set<String> allowed = Arrays.stream(r.headers().firstValue("allow").orElse("").split(","))
      .map(String::trim).filter(m -> !m.isEmpty()).collect(Collectors.toSet());
    assertThat(allowed).containsExactlyInAnyOrder(methods);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path)).timeout(Duration.ofSeconds(30));
  }
}
