package dev.eventual.identity;

import dev.eventual.support.RawHttp.Raw;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.eventual.support.RawHttp.raw;
import static dev.eventual.support.RawHttp.rawWithBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cookie as browsers keep it: {@code __Host-} where the scheme allows it, so no other host or insecure
 * page can plant one, and never a guess which of two cookies is the caller's.
 */
class SessionCookieTest {
  static final String HTTPS = "X-Forwarded-Proto: https";
  static User ana;
  static User ben;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    ben = node.api.signup(Api.uniqueName("ben"));
  }

  @Test
  @DisplayName("two session cookies are no session: 401 that says why, in either order, for queries, commands and sockets")
  void twoCookiesAreNoSession() throws Exception {
    String listId = node.api.createList(ana, "ana's");
    for (String both : List.of(ana.cookie() + "; " + ben.cookie(), ben.cookie() + "; " + ana.cookie())) {
      Raw me = raw(node.app.port(), "GET", "/api/me", "Cookie: " + both);
      assertThat(me.status()).as(both).isEqualTo(401);
      assertThat(me.headers().get("content-type")).isEqualTo("application/problem+json");
      assertThat(me.json().getString("detail")).contains("two session cookies");
      assertThat(raw(node.app.port(), "GET", "/api/lists/" + listId, "Cookie: " + both).status()).isEqualTo(401);
      assertThat(node.api.send("POST", "/api/lists", both, "{\"name\":\"planted\"}", "Idempotency-Key",
        java.util.UUID.randomUUID().toString()).status()).isEqualTo(401);
      assertThat(raw(node.app.port(), "GET", "/api/me", "Cookie: " + both.replace("; ", "; theme=dark; ")).status()).isEqualTo(401);
      Raw logout = raw(node.app.port(), "POST", "/api/auth/logout", "Cookie: " + both);
      assertThat(logout.status()).as("clearing one could leave the planted one signed in").isEqualTo(401);
      assertThat(logout.headers()).doesNotContainKey("set-cookie");
    }
    assertThat(node.api.get(ana, "/api/me").status()).as("neither session was ended").isEqualTo(200);
    assertThat(node.api.get(ben, "/api/me").status()).isEqualTo(200);
    assertThat(raw(node.app.port(), "GET", "/api/me", "Cookie: " + ana.cookie(), "Cookie: theme=dark").status())
      .as("one session cookie among others, in two Cookie fields as HTTP/2 sends them").isEqualTo(200);
    assertThat(raw(node.app.port(), "GET", "/api/me", "Cookie: theme=dark", "Cookie: " + ana.cookie()).status()).isEqualTo(200);
    assertThat(raw(node.app.port(), "GET", "/api/me", "Cookie: " + ana.cookie(), "Cookie: " + ben.cookie()).status()).isEqualTo(401);
    try (var one = node.app.socket(ana.cookie()); var both = node.app.socket(ana.cookie() + "; " + ben.cookie())) {
      assertThat(one.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      assertThat(both.awaitClosed(10)).as("a socket with two session cookies is closed: sign in first").isTrue();
    }
  }

  @Test
  @DisplayName("over HTTPS (X-Forwarded-Proto from a TLS proxy) the cookie is __Host-, Secure, Path=/, without Domain")
  void hostPrefixOverHttps() throws Exception {
    Raw login = login(ana, HTTPS);
    assertThat(login.status()).isEqualTo(200);
    String set = login.headers().get("set-cookie");
    assertThat(set).startsWith("__Host-eventual_session=");
    assertThat(set.toLowerCase()).contains("; secure", "; httponly", "; samesite=strict", "; path=/").doesNotContain("domain=");
    String cookie = set.substring(0, set.indexOf(';'));
    assertThat(raw(node.app.port(), "GET", "/api/me", HTTPS, "Cookie: " + cookie).status()).isEqualTo(200);
    assertThat(raw(node.app.port(), "GET", "/api/me", HTTPS, "Cookie: " + ben.cookie()).status())
      .as("over HTTPS a cookie without the prefix, which an insecure page or a sibling domain could plant, is not read")
      .isEqualTo(401);
    assertThat(raw(node.app.port(), "GET", "/api/me", HTTPS, "Cookie: " + ben.cookie() + "; " + cookie).json().getString("username"))
      .as("the planted one beside it changes nothing").isEqualTo(ana.username());
    Raw logout = raw(node.app.port(), "POST", "/api/auth/logout", HTTPS, "Cookie: " + cookie, "Origin: https://localhost:" + node.app.port());
    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.headers().get("set-cookie")).startsWith("__Host-eventual_session=;");
    assertThat(logout.headers().get("set-cookie").toLowerCase()).contains("; max-age=0", "; secure", "; path=/");
  }

  @Test
  @DisplayName("over plain HTTP (no TLS in front) the cookie has no prefix and no Secure, or no browser off localhost would keep it")
  void plainOverHttp() throws Exception {
    String set = login(ben).headers().get("set-cookie");
    assertThat(set).startsWith("eventual_session=");
    assertThat(set.toLowerCase()).contains("; httponly", "; samesite=strict", "; path=/").doesNotContain("secure");
  }

  private static Raw login(User user, String... headers) throws IOException {
    byte[] body = new JsonObject().put("username", user.username()).put("password", AsyncApi.PASSWORD).encode()
      .getBytes(StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(headers));
    all.addAll(List.of("Content-Type: application/json", "Content-Length: " + body.length));
    return rawWithBody(node.app.port(), "POST", "/api/auth/login", new String(body, StandardCharsets.ISO_8859_1), all.toArray(String[]::new));
  }
}
