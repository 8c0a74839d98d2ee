package dev.eventual.socket;

import dev.eventual.Addresses;
import dev.eventual.Addresses.Push;
import dev.eventual.auth.Sessions;
import dev.eventual.config.Settings;
import dev.eventual.metrics.Metrics;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus bridge protocol at {@code /eventbus}, without the event bus: sockets register for their own
 * {@code user.<id>} and nothing else, and nothing they send goes anywhere. One bridge per HTTP verticle instance,
 * on its event loop, keeps its sockets by user; each {@link Push} is framed once per user and written to that
 * user's sockets. The raw WebSocket transport ({@code /eventbus/websocket}) is served here directly, so a socket
 * keeps neither its upgrade request nor a routing context; sockjs-client's transports go through Vert.x SockJS.
 */
public final class SocketBridge {
  private static final Logger LOG = LoggerFactory.getLogger(SocketBridge.class);
  /** Past this many bytes waiting for a socket, it is closed (4000) and the client catches up by cursor instead. */
  public static final int WRITE_QUEUE_BYTES = 256 * 1024;
  /** The largest WebSocket message a client may send, whole or in fragments; a larger one closes the socket (1009). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;
  private static final short TOO_BIG = 1009;
  private static final String TOO_BIG_REASON = "message over " + MAX_MESSAGE_BYTES / 1024 + " KB";
  /** The pinned sockjs-client the page loads, from its webjar; SockJS's iframe page loads it too (not a CDN's latest 1.x). */
  public static final String SOCKJS_CLIENT = "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js";
  /** How often the bridge looks whether a session was ended (a volatile read; the sockets are walked only then). */
  private static final long ENDED_SESSIONS_CHECK_MS = 500;

  private final Vertx vertx;
  private final ReadModel readModel;
  private final Metrics metrics;
  private final long pingTimeoutMs;
  private final int maxBodyBytes;
  private final PeerRegistry peers = new PeerRegistry();
  private final XhrGuard xhr;
  private long sessionsEndedSeen;

  public SocketBridge(Vertx vertx, Settings settings, ReadModel readModel, Metrics metrics) {
    this.vertx = vertx;
    this.readModel = readModel;
    this.metrics = metrics;
    this.pingTimeoutMs = settings.socket().pingTimeoutSeconds() * 1000L;
    this.maxBodyBytes = settings.http().maxBodyBytes();
    this.xhr = new XhrGuard(vertx);
  }

  /** Tells the bridge whose request this is (the HTTP layer calls it with the session of the cookie). */
  public static void identify(RoutingContext ctx, Sessions.Session session) {
    SocketOwner.attach(ctx, session);
  }

  /**
   * What the server agrees to on a WebSocket upgrade. No compression: an inflated message is not bounded by the
   * compressed frame's size, and a stranger's 51 KB frame could make the event loop inflate 50 MiB before the door
   * (the session) is checked. The page's frames are small JSON, and pushes are framed once per event, so compression
   * would save little. A message is bounded as a frame is, whether it comes whole or in fragments.
   */
  public static HttpServerOptions limits(HttpServerOptions options) {
    return options.setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
      .setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES).setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES);
  }

  /** Mounts {@code /eventbus} and starts taking pushes; silent sockets are swept twice per ping timeout. */
  public Future<Void> mount(Router router) {
    router.get("/eventbus/websocket").handler(this::upgrade);
    SockJSHandlerOptions options = new SockJSHandlerOptions().setRegisterWriteHandler(false).setLibraryURL(SOCKJS_CLIENT)
      .addDisabledTransport(Transport.EVENT_SOURCE.name()).addDisabledTransport(Transport.HTML_FILE.name())
      .addDisabledTransport(Transport.JSON_P.name());
    // sockjs-client's XHR fallbacks send frames in POST bodies, which SockJS reads only once a body handler has.
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    xhr.mount(router);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options)
      .socketHandler(socket -> {
        Peer peer = new Peer.Session(socket, SocketOwner.userId(socket.webUser()), SocketOwner.sessionId(socket.webUser()));
        Runnable forget = xhr.opened(socket, peer.userId);
        socket.handler(data -> receive(peer, data.toString()));
        socket.endHandler(v -> {
          forget.run();
          closed(peer);
        });
        socket.exceptionHandler(err -> {
          if (WebSocketInternals.overLimit(err)) {
            WebSocketInternals.refuse(socket.routingContext().request().connection(), TOO_BIG, TOO_BIG_REASON);
          }
          broke(socket.remoteAddress(), err);
        });
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        open(peer);
      }));
    vertx.setPeriodic(Math.max(1, pingTimeoutMs / 2), id -> sweep());
    vertx.setPeriodic(ENDED_SESSIONS_CHECK_MS, id -> closeEnded());
    return vertx.eventBus().<Push>localConsumer(Addresses.PUSH, m -> push(m.body())).completion();
  }

  private void upgrade(RoutingContext ctx) {
    String connection = ctx.request().getHeader(HttpHeaders.CONNECTION);
    if (connection == null || !connection.toLowerCase().contains("upgrade")) {
      ctx.fail(400);
      return;
    }
    String userId = SocketOwner.userId(ctx.user());
    String sessionId = SocketOwner.sessionId(ctx.user());
    HttpConnection http = ctx.request().connection();
    ctx.request().toWebSocket().onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("websocket upgrade failed: {}", ar.cause().toString());
        return;
      }
      ServerWebSocket ws = ar.result();
      WebSocketInternals.release(http, ws);
      Peer peer = new Peer.Raw(ws, userId, sessionId);
      ws.textMessageHandler(text -> receive(peer, text));
      ws.binaryMessageHandler(data -> receive(peer, data.toString()));
      ws.closeHandler(v -> closed(peer));
      ws.exceptionHandler(err -> {
        if (WebSocketInternals.overLimit(err)) {
          ws.close(TOO_BIG, TOO_BIG_REASON);
        }
        broke(ws.remoteAddress(), err);
      });
      ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
      open(peer);
    });
  }

  /** A client that went away is routine; one that broke the protocol (a message over 64 KB) is told in one line. */
  private static void broke(Object from, Throwable err) {
    if (err instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException || WebSocketInternals.overLimit(err)) {
      LOG.info("closing a socket of {}: {}", from, err.getMessage());
    } else {
      LOG.debug("socket of {}: {}", from, err.toString());
    }
  }

  /** A socket without a session is closed at once; any other joins the list the ping sweep walks. */
  private void open(Peer peer) {
    if (peer.userId == null) {
      peer.closed = true;
      peer.close(1008, "sign in first");
      return;
    }
    metrics.socketOpened();
    peer.lastPing = System.currentTimeMillis();
    peers.add(peer);
  }

  private void closed(Peer peer) {
    if (peer.closed) {
      return;
    }
    peer.closed = true;
    peers.remove(peer);
    metrics.socketClosed();
  }

  private void receive(Peer peer, String text) {
    if (peer.closed) {
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException notJson) {
      refuse(peer, BridgeFrame.INVALID_JSON);
      return;
    }
    if (!(frame.getValue("type") instanceof String type)) {
      refuse(peer, BridgeFrame.MISSING_TYPE);
      return;
    }
    switch (type) {
      case "ping" -> peer.lastPing = System.currentTimeMillis();
      case "register", "unregister" -> {
        if (!(frame.getValue("address") instanceof String address)) {
          refuse(peer, BridgeFrame.MISSING_ADDRESS);
        } else if (!address.equals(Addresses.user(peer.userId))) {
          refuse(peer, BridgeFrame.ACCESS_DENIED);
        } else if (type.equals("register")) {
          // Registering again changes nothing and is not answered again: a flood of them cannot pile up answers.
          if (!peer.registered) {
            peers.register(peer);
            if (BridgeFrame.asksAck(frame)) {
              write(peer, BridgeFrame.registered(address));
            }
          }
        } else {
          peers.unregister(peer);
        }
      }
      case "send", "publish" -> refuse(peer, BridgeFrame.ACCESS_DENIED);
      default -> refuse(peer, BridgeFrame.INVALID_TYPE);
    }
  }

  private void refuse(Peer peer, String code) {
    write(peer, BridgeFrame.err(code));
  }

  private void push(Push push) {
    for (String userId : push.audience()) {
      Peer peer = peers.registeredOf(userId);
      if (peer == null) {
        continue;
      }
      Buffer frame = BridgeFrame.rec(userId, push.body());
      while (peer != null) {
        Peer next = peer.nextOfUser;
        write(peer, frame);
        peer = next;
      }
    }
  }

  /**
   * A socket that stops reading must not grow the server's memory, whether pushes or answers to its own frames
   * pile up: past a bounded queue it is closed, and the client catches up by cursor after reconnecting.
   */
  private void write(Peer peer, Buffer frame) {
    if (peer.closed) {
      return;
    }
    if (!peer.writeQueueFull()) {
      peer.write(frame);
      return;
    }
    metrics.slowSocketClosed();
    LOG.info("closing a socket of {} that stopped reading", peer.remoteAddress());
    closed(peer);
    peer.close(4000, "too slow: reconnect and catch up");
  }

  /** A logged-out session's sockets are closed on every node once the end of the session is folded there. */
  private void closeEnded() {
    State state = readModel.state();
    long ended = state.sessionsEnded();
    if (ended == sessionsEndedSeen) {
      return;
    }
    sessionsEndedSeen = ended;
    peers.forEach(peer -> {
      if (peer.sessionId != null && state.sessionEnded(peer.sessionId)) {
        closed(peer);
        peer.close(4001, "signed out");
      }
    });
  }

  private void sweep() {
    long silentSince = System.currentTimeMillis() - pingTimeoutMs;
    peers.forEach(peer -> {
      if (peer.lastPing < silentSince) {
        LOG.info("closing a socket of {}: no ping within {} s", peer.remoteAddress(), pingTimeoutMs / 1000);
        closed(peer);
        peer.close(1000, "no ping");
      }
    });
  }
}
