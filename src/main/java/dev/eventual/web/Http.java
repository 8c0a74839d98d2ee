package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.domain.Field;
import io.vertx.ext.web.RoutingContext;

/** Small request helpers shared by the API classes. */
final class Http {
  static final String SESSION = "session";

  private Http() {
  }

  /** The caller's session, put there by the session handler; 401 when there is none. */
  static Sessions.Session session(RoutingContext ctx) {
    Sessions.Session session = ctx.get(SESSION);
    if (session == null) {
      throw Problems.unauthorized("sign in first");
    }
    return session;
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
