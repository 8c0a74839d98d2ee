package dev.eventual.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed sessions: {@code base64url(userId|username|expiresAt|sessionId|knownAt).base64url(HMAC-SHA256)} in an
 * HttpOnly, SameSite=Strict cookie. Any node with the same secret can verify it; whether it still holds (its user
 * known, the session not ended) is the read model's to say ({@code web.Identity}).
 */
public final class Sessions {
  public static final String COOKIE = "eventual_session";

  /**
   * A signed-in session: whose it is, its own id (what logging out ends), when it expires (epoch seconds), and the
   * log position by which its user had signed up, so a node that has not read that far yet knows to wait.
   */
  public record Session(String userId, String username, String sessionId, long expiresAt, long knownAt) {
  }

  private final byte[] secret;
  /** One keyed HMAC per thread: every request with a cookie is verified, and a new Mac costs a provider lookup. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
  private final long lifetimeSeconds;
  private final Clock clock;

  public Sessions(byte[] secret, long lifetimeSeconds, Clock clock) {
    this.secret = secret.clone();
    this.lifetimeSeconds = lifetimeSeconds;
    this.clock = clock;
  }

  /** A new session for this user, known in the log at {@code knownAt}. */
  public Session issue(String userId, String username, long knownAt) {
    return new Session(userId, username, UUID.randomUUID().toString(), clock.instant().getEpochSecond() + lifetimeSeconds,
      knownAt);
  }

  public Cookie cookie(Session s, boolean secure) {
    String body = enc((s.userId() + "|" + s.username() + "|" + s.expiresAt() + "|" + s.sessionId() + "|" + s.knownAt())
      .getBytes(StandardCharsets.UTF_8));
    return Cookie.cookie(COOKIE, body + "." + enc(mac(body))).setHttpOnly(true).setSecure(secure)
      .setSameSite(CookieSameSite.STRICT).setPath("/").setMaxAge(Math.max(0, s.expiresAt() - clock.instant().getEpochSecond()));
  }

  public static Cookie expired() {
    return Cookie.cookie(COOKIE, "").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/").setMaxAge(0);
  }

  public Optional<Session> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String body = token.substring(0, dot);
    try {
      byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(body))) {
        return Optional.empty();
      }
      String[] parts = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).split("\\|");
      if (parts.length != 5) {
        return Optional.empty();
      }
      long expiresAt = Long.parseLong(parts[2]);
      if (expiresAt < clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(new Session(parts[0], parts[1], parts[3], expiresAt, Long.parseLong(parts[4])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The session of a request or socket, from its {@code Cookie} header. */
  public Optional<Session> fromHeaders(MultiMap headers) {
    String header = headers.get("Cookie");
    if (header == null) {
      return Optional.empty();
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) {
        return verify(p.substring(COOKIE.length() + 1));
      }
    }
    return Optional.empty();
  }

  private byte[] mac(String body) {
    return macs.get().doFinal(body.getBytes(StandardCharsets.UTF_8));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
