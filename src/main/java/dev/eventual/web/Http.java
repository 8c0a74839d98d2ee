package dev.eventual.web;

import dev.eventual.auth.Sessions;
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

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(body instanceof io.vertx.core.json.JsonObject o ? o.encode() : ((io.vertx.core.json.JsonArray) body).encode());
  }
}
