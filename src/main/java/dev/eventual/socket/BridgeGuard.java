package dev.eventual.socket;

import dev.eventual.Addresses;
import dev.eventual.auth.Sessions;
import dev.eventual.metrics.Metrics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The security boundary of the SockJS bridge. Outbound, only {@code user.<uuid>} addresses; inbound, nothing.
 * A socket must carry a valid session cookie to open at all, and may register only its own user's address.
 */
public final class BridgeGuard {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);
  public static final int WRITE_QUEUE_BYTES = 256 * 1024;
  private final AtomicLong slowClosed;
  private final Metrics metrics;

  public BridgeGuard(AtomicLong slowClosed, Metrics metrics) {
    this.slowClosed = slowClosed;
    this.metrics = metrics;
  }
  public static SockJSBridgeOptions options() {
    return new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.USER_REGEX))
      .setPingTimeout(30_000);
  }

  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        event.socket().setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        boolean allowed = session(event).isPresent();
        if (allowed) {
          metrics.socketOpened();
        }
        event.complete(allowed);
      }
      case SOCKET_CLOSED -> {
        metrics.socketClosed();
        event.complete(true);
      }
      case RECEIVE -> {
        // A socket that stops reading must not grow the server's memory: past a bounded queue it is closed,
        // and the client recovers by catching up from its last cursor.
        if (closedOrFull(event)) {
          event.complete(false);
          slowClosed.incrementAndGet();
          LOG.info("closing a socket of {} that stopped reading", event.socket().remoteAddress());
          event.socket().close(4000, "too slow: reconnect and catch up");
        } else {
          event.complete(true);
        }
      }
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
      case SOCKET_IDLE -> {
        LOG.info("closing a socket of {}: no ping within the bridge's ping timeout", event.socket().remoteAddress());
        event.complete(true);
      }
      case SEND, PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  private static boolean closedOrFull(BridgeEvent event) {
    try {
      return event.socket().writeQueueFull();
    } catch (IllegalStateException closed) {
      return true;
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
