package dev.eventual.socket;

import dev.eventual.Addresses;
import dev.eventual.auth.Sessions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;

import java.util.Optional;

/**
 * The security boundary of the SockJS bridge. Outbound, only {@code user.<uuid>} addresses; inbound, nothing.
 * A socket must carry a valid session cookie to open at all, and may register only its own user's address.
 */
public final class BridgeGuard {
  private final Sessions sessions;

  public BridgeGuard(Sessions sessions) {
    this.sessions = sessions;
  }

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
      case SEND, PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  private Optional<Sessions.Session> session(BridgeEvent event) {
    return sessions.fromHeaders(event.socket().headers());
  }
}
