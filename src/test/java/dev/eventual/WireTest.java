package dev.eventual;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What the wire carries, spoken raw: error bodies for requests no client library would send, and the log they leave. */
class WireTest {
  static String ns = TestNode.namespace();
  static TestNode app;
  static Api api;
  static User ana;

  @BeforeAll
  static void start() throws Exception {
    app = TestNode.start(ns);
    api = app.api;
    ana = api.signup(Api.uniqueName("ana"));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    Namespace.delete(ns);
  }

  /** An answer read off the socket: status, headers (names lowercase; the last of a repeated one) and body. */
  record Raw(int status, Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends {@code request} as written, with {@code Connection: close}, and reads the whole answer. */
  static Raw raw(int port, String method, String target, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
    for (String h : headerLines) {
      request.append(h).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = all.indexOf("\r\n\r\n");
      String[] head = all.substring(0, end).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
      }
      return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, all.substring(end + 4));
    }
  }

  @Test
  @DisplayName("a path or query that is not valid percent-encoding is a 400 problem, GET and HEAD, and one log line at most")
  void badPercentEncoding() throws Exception {
    List<String> targets = List.of("/x%zz", "/%", "/api/lists/%zz", "/api/commands/%E0%A4%A", "/eventbus/%zz/info",
      "/webjars/%zz", "/api/events?after=%zz", "/api/events?after=1&%zz", "/api/lists/abc?minVersion=%G1", "/index.html?v=%");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (String target : targets) {
        Raw get = raw(app.port(), "GET", target, "Cookie: " + ana.cookie());
        assertThat(get.status()).as(target + ": " + get.body()).isEqualTo(400);
        assertThat(get.headers().get("content-type")).as(target).isEqualTo("application/problem+json");
        JsonObject problem = get.json();
        assertThat(problem.getString("type")).as(target).isEqualTo("/problems/bad-uri");
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).as(target).contains("percent-encod");
        Raw head = raw(app.port(), "HEAD", target);
        assertThat(head.status()).as("HEAD " + target).isEqualTo(400);
        assertThat(head.body()).as("HEAD " + target).isEmpty();
      }
      assertThat(raw(app.port(), "GET", "/api/lists/a%2Db?minVersion=%31", "Cookie: " + ana.cookie()).status())
        .as("valid escapes still route").isEqualTo(404);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    err.print(log);
    assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(log.lines().count()).as("at most a line per request").isLessThanOrEqualTo(2L * targets.size() + 1);
  }
}
