package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.OneNode;
import dev.eventual.support.RawHttp.Raw;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.eventual.support.RawHttp.raw;
import static org.assertj.core.api.Assertions.assertThat;

/** What the wire carries, spoken raw: error bodies for requests no client library would send, and the log they leave. */
class WireTest {
  static User ana;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
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
        Raw get = raw(node.app.port(), "GET", target, "Cookie: " + ana.cookie());
        assertThat(get.status()).as(target + ": " + get.body()).isEqualTo(400);
        assertThat(get.headers().get("content-type")).as(target).isEqualTo("application/problem+json");
        JsonObject problem = get.json();
        assertThat(problem.getString("type")).as(target).isEqualTo("/problems/bad-uri");
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).as(target).contains("percent-encod");
        Raw head = raw(node.app.port(), "HEAD", target);
        assertThat(head.status()).as("HEAD " + target).isEqualTo(400);
        assertThat(head.body()).as("HEAD " + target).isEmpty();
      }
      assertThat(raw(node.app.port(), "GET", "/api/lists/a%2Db?minVersion=%31", "Cookie: " + ana.cookie()).status())
        .as("valid escapes still route").isEqualTo(404);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    err.print(log);
    assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(log.lines().count()).as("at most a line per request").isLessThanOrEqualTo(2L * targets.size() + 1);
  }

  @Test
  @DisplayName("every answer carries a Content-Security-Policy with no inline script, style or foreign source")
  void contentSecurityPolicy() throws Exception {
    for (String target : List.of("/", "/index.html", "/js/app.js", "/api/me", "/api/nope", "/eventbus/info", "/ready")) {
      String csp = raw(node.app.port(), "GET", target, "Cookie: " + ana.cookie()).headers().get("content-security-policy");
      assertThat(csp).as(target).isNotNull().contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*", "http");
    }
  }

  @Test
  @DisplayName("API answers are never stored by a cache, signed in or not, success or problem")
  void apiNotStored() throws Exception {
    String listId = node.api.createList(ana, "private");
    for (String target : List.of("/api/me", "/api/lists", "/api/lists/" + listId, "/api/config", "/api/events?after=-1",
      "/api/nope")) {
      for (String cookie : List.of("Cookie: " + ana.cookie(), "X-Nothing: 1")) {
        Raw r = raw(node.app.port(), "GET", target, cookie);
        assertThat(r.headers().get("cache-control")).as(target + " " + r.status()).isEqualTo("no-store");
      }
    }
  }

  @Test
  @DisplayName("the app's files are revalidated on every use (ETag, 304 when unchanged), never kept as immutable")
  void appFilesRevalidate() throws Exception {
    for (String target : List.of("/", "/index.html", "/js/app.js", "/js/logic/model.js", "/css/app.css", "/sw.js")) {
      Raw first = raw(node.app.port(), "GET", target);
      assertThat(first.status()).as(target).isEqualTo(200);
      assertThat(first.headers().get("cache-control")).as(target).isEqualTo("no-cache");
      String etag = first.headers().get("etag");
      assertThat(etag).as(target).isNotBlank();
      Raw again = raw(node.app.port(), "GET", target, "If-None-Match: " + etag);
      assertThat(again.status()).as(target).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(raw(node.app.port(), "GET", target, "If-None-Match: W/\"other\"").status()).as(target).isEqualTo(200);
    }
    assertThat(raw(node.app.port(), "GET", "/index.html").headers().get("etag"))
      .isNotEqualTo(raw(node.app.port(), "GET", "/js/app.js").headers().get("etag"));
    Raw sockjs = raw(node.app.port(), "GET", SOCKJS);
    assertThat(sockjs.status()).isEqualTo(200);
    assertThat(sockjs.headers().get("cache-control")).as("a versioned path may be kept").contains("immutable");
  }

  static final String SOCKJS = "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js";

  @Test
  @DisplayName("SockJS's iframe page loads the pinned local sockjs-client, not one from a CDN")
  void iframeUsesLocalSockJs() throws Exception {
    for (String target : List.of("/eventbus/iframe.html", "/eventbus/iframe-1.6.1.html")) {
      Raw iframe = raw(node.app.port(), "GET", target);
      assertThat(iframe.status()).as(target).isEqualTo(200);
      assertThat(iframe.body()).as(target).contains("<script src=\"" + SOCKJS + "\">").doesNotContain("//cdn", "jsdelivr");
    }
    assertThat(raw(node.app.port(), "GET", SOCKJS).body()).contains("SockJS");
  }
}
