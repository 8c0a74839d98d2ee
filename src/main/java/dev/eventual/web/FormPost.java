package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.html.FormBody;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A form post of the pages without JavaScript: read (at most {@code http.maxBodyBytes}, UTF-8, each field once, only
 * the form's own), and checked for the form token that only a page this server rendered for this browser holds — the
 * session's, or, signed out, that of a {@code SameSite=Strict} form cookie. With the same-origin check every unsafe
 * request gets ({@code HttpVerticle}) and the {@code SameSite=Strict} session cookie, a form posted from another site
 * does nothing.
 */
final class FormPost {
  static final String FORM_COOKIE = "eventual_form";
  /** The paths that take a form post; everything else refuses forms ({@link MediaTypes}). */
  private static final Pattern PATHS = Pattern.compile("/(signin|signup|signout|lists(/[^/]+/(name|delete|members|todos)"
    + "(/[^/]+(/delete)?)?|/[^/]+/invitation/(accept|decline))?)");

  private FormPost() {
  }

  static boolean takesForms(String path) {
    return PATHS.matcher(path).matches();
  }

  /** The form's fields; fails with a 413 past {@code maxBytes}, a 411 without a length, a 400 when malformed. */
  static Future<Map<String, String>> read(RoutingContext ctx, Set<String> allowed, int maxBytes) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long bytes;
    try {
      bytes = length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      bytes = -1;
    }
    if (bytes < 0) {
      return Future.failedFuture(new Problems.Problem(411, "length-required", "Length required", "a form is sent with its Content-Length"));
    }
    if (bytes > maxBytes) {
      return Future.failedFuture(Problems.statusProblem(413));
    }
    return ctx.request().body().compose(body -> {
      try {
        return Future.succeededFuture(FormBody.parse(body.getBytes(), allowed));
      } catch (FormBody.Malformed e) {
        return Future.failedFuture(Problems.badRequest("malformed-form", e.getMessage()));
      }
    });
  }

  /** The token this browser's forms carry now; signed out, the form cookie is set first if it has none. */
  static String token(RoutingContext ctx, Sessions sessions) {
    String nonce = nonce(ctx);
    if (nonce == null) {
      String value = UUID.randomUUID().toString();
      boolean secure = Http.secure(ctx);
      ctx.response().addCookie(Cookie.cookie(cookieName(secure), value).setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT).setPath("/"));
      nonce = "anon|" + value;
    }
    return sessions.formToken(nonce);
  }

  /** Whether the post carries this browser's form token. */
  static boolean tokenHolds(RoutingContext ctx, Sessions sessions, String token) {
    return sessions.formTokenHolds(nonce(ctx), token);
  }

  private static String nonce(RoutingContext ctx) {
    Sessions.Session session = ctx.get(Http.SESSION);
    if (session != null) {
      return session.sessionId();
    }
    Cookie cookie = ctx.request().getCookie(cookieName(Http.secure(ctx)));
    return cookie == null || cookie.getValue().isEmpty() ? null : "anon|" + cookie.getValue();
  }

  private static String cookieName(boolean secure) {
    return secure ? "__Host-" + FORM_COOKIE : FORM_COOKIE;
  }
}
