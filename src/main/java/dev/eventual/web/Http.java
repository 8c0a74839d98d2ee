package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.domain.Field;
import io.vertx.ext.web.RoutingContext;

/** Small request helpers shared by the API classes. */
final class Http {
  static final String SESSION = "session";
  /** Put on a request that came with two session cookies: it has no session, and is told why. */
  static final String AMBIGUOUS = "session-ambiguous";
  /** Put on a HEAD rerouted as a GET: an answer that never ends (the event stream) must end at its head. */
  static final String HEAD = "head";

  private Http() {
  }

  /** The caller's session, put there by the session handler; 401 when there is none. */
  static Sessions.Session session(RoutingContext ctx) {
    Sessions.Session session = ctx.get(SESSION);
    if (session == null) {
      throw ctx.get(AMBIGUOUS) != null ? ambiguous() : Problems.unauthorized("sign in first");
    }
    return session;
  }

  static Problems.Problem ambiguous() {
    return new Problems.Problem(401, "ambiguous-session", "Not signed in", "two session cookies were sent and which one"
      + " is yours cannot be told, so neither is used: clear this site's cookies, then sign in");
  }

  /** Whether the browser reached us over TLS: directly, or through a proxy that says so in X-Forwarded-Proto. */
  static boolean secure(RoutingContext ctx) {
    if (ctx.request().isSSL()) {
      return true;
    }
    String proto = ctx.request().getHeader("X-Forwarded-Proto");
    return proto != null && proto.split(",")[0].trim().equalsIgnoreCase("https");
  }

  /** The command id a client chose: its one Idempotency-Key, a random UUID; 400 when missing or malformed. */
  static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      throw Problems.badRequest("missing-idempotency-key", "send an Idempotency-Key header with a UUID; reuse it on every retry");
    }
    String uuid = Field.uuid(key.trim());
    if (uuid == null || ctx.request().headers().getAll("Idempotency-Key").size() > 1) {
      throw Problems.badRequest("malformed-idempotency-key", "Idempotency-Key must be exactly one UUID");
    }
    // Name-based UUIDs are the ids the server derives (Ids), a saga's steps among them: a key that took one first
    // would make the server's own command a duplicate.
    if (java.util.UUID.fromString(uuid).version() == 3) {
      throw Problems.badRequest("malformed-idempotency-key",
        "Idempotency-Key must be a random UUID (version 4, as crypto.randomUUID() makes); name-based ones are the server's");
    }
    return uuid;
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(body instanceof io.vertx.core.json.JsonObject o ? o.encode() : ((io.vertx.core.json.JsonArray) body).encode());
  }
}
