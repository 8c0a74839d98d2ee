package dev.eventual.socket;

import dev.eventual.Addresses;
import dev.eventual.auth.Sessions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;

import java.util.Optional;

/**
 * The security boundary of the SockJS bridge. Outbound, only {@code user.<uuid>} addresses; inbound, nothing.
 * A socket must carry a valid session cookie to open at all, and may register only its own user's address.
 */
public final class BridgeGuard {
  public static SockJSBridgeOptions options() {
    return new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.USER_REGEX))
      .setPingTimeout(30_000);
  }

  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> event.complete(session(event).isPresent());
      case REGISTER -> {
        Object address = event.getRawMessage() == null ? null : event.getRawMessage().getValue("address");
        event.complete(session(event).map(s -> Addresses.user(s.userId()).equals(address)).orElse(false));
      }
      case REGISTERED -> {
        // Tells the client its address is live, so it knows when to catch up on what it missed.
        event.socket().write(new JsonObject().put("type", "registered")
          .put("address", event.getRawMessage().getValue("address")).toBuffer());
        event.complete(true);
      }
      case SEND, PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  /** The authenticated user a socket is opened with (set by the HTTP layer from the session cookie). */
  public static User user(Sessions.Session session) {
    return User.create(new JsonObject().put("userId", session.userId()).put("username", session.username()));
  }

  private Optional<Sessions.Session> session(BridgeEvent event) {
    User user = event.socket().webUser();
    if (user == null || user.principal().getString("userId") == null) {
      return Optional.empty();
    }
    return Optional.of(new Sessions.Session(user.principal().getString("userId"), user.principal().getString("username")));
  }
}
