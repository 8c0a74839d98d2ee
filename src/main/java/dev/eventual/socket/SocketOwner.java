package dev.eventual.socket;

import dev.eventual.auth.Sessions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.UserContextInternal;

/**
 * Which user a socket belongs to. SockJS strips cookies from a socket's headers, so the session cannot be read
 * there; what a SockJS socket keeps of its request is the routing context's user ({@code socket.webUser()}). The
 * HTTP layer sets it from the session cookie through {@link UserContextInternal}, a Vert.x internal: if an upgrade
 * of Vert.x moves it, every request with a session fails, which {@code SocketBridgeTest} (xhr transport) and every
 * other HTTP test notice at once.
 */
final class SocketOwner {
  private SocketOwner() {
  }

  static void attach(RoutingContext ctx, Sessions.Session session) {
    ((UserContextInternal) ctx.userContext()).setUser(User.create(new JsonObject().put("userId", session.userId())
      .put("sessionId", session.sessionId())));
  }

  static String userId(User user) {
    return user == null ? null : user.principal().getString("userId");
  }

  /** The signed-in session a socket was opened with: what logging out ends, and with it the socket. */
  static String sessionId(User user) {
    return user == null ? null : user.principal().getString("sessionId");
  }
}
