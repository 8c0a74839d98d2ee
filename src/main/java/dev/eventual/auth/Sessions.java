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
 *
 * <p>Over HTTPS the cookie is {@link #HOST_COOKIE}: a browser keeps a {@code __Host-} cookie only if it is Secure,
 * has Path=/ and no Domain, so no sibling domain and no insecure page can plant one, and only that name is read
 * there. Over plain HTTP (a node on localhost, no TLS in front) it is {@link #COOKIE}, without Secure, which a browser
 * off localhost would not keep. Two cookies of the name read are no session at all: which is the caller's cannot be
 * told, and "the first wins" let a planted cookie act for its victim.
 */
public final class Sessions {
  public static final String COOKIE = "eventual_session";
  public static final String HOST_COOKIE = "__Host-" + COOKIE;

  /** What a request's cookies say of its session: the one session cookie's, if it verifies, or that there were two. */
  public record Presented(Optional<Session> session, boolean ambiguous) {
    static final Presented NONE = new Presented(Optional.empty(), false);
    static final Presented AMBIGUOUS = new Presented(Optional.empty(), true);
  }

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

  /** The name of the session cookie over HTTPS ({@code secure}) or plain HTTP. */
  public static String cookieName(boolean secure) {
    return secure ? HOST_COOKIE : COOKIE;
  }

  public Cookie cookie(Session s, boolean secure) {
    String body = enc((s.userId() + "|" + s.username() + "|" + s.expiresAt() + "|" + s.sessionId() + "|" + s.knownAt())
      .getBytes(StandardCharsets.UTF_8));
    return Cookie.cookie(cookieName(secure), body + "." + enc(mac(body))).setHttpOnly(true).setSecure(secure)
      .setSameSite(CookieSameSite.STRICT).setPath("/").setMaxAge(Math.max(0, s.expiresAt() - clock.instant().getEpochSecond()));
  }

  public static Cookie expired(boolean secure) {
    return Cookie.cookie(cookieName(secure), "").setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.STRICT)
      .setPath("/").setMaxAge(0);
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

  /**
   * The session of a request or socket, from its {@code Cookie} fields (HTTP/2 may send one field per cookie): the
   * cookie of the name {@code secure} asks for, verified; {@link Presented#AMBIGUOUS} when there are two of them.
   */
  public Presented fromHeaders(MultiMap headers, boolean secure) {
    String prefix = cookieName(secure) + "=";
    String token = null;
    for (String header : headers.getAll("Cookie")) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(prefix)) {
          if (token != null) {
            return Presented.AMBIGUOUS;
          }
          token = p.substring(prefix.length());
        }
      }
    }
    return token == null ? Presented.NONE : new Presented(verify(token), false);
  }

  /**
   * The token a page's forms carry for the holder of {@code nonce} (a session's id, or a signed-out browser's form
   * cookie): only a page this server rendered for them knows it, so a form posted from elsewhere lacks it.
   */
  public String formToken(String nonce) {
    return enc(mac("form|" + nonce));
  }

  /** Whether {@code token} is {@code nonce}'s form token, compared in constant time. */
  public boolean formTokenHolds(String nonce, String token) {
    return nonce != null && token != null
      && MessageDigest.isEqual(formToken(nonce).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
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
