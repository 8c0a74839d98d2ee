package dev.eventual.socket;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * One socket of a {@link SocketBridge}: whose it is, when it last pinged, and its links in the two intrusive lists
 * of a {@link PeerRegistry} (every open socket; the registered sockets of one user), so a socket costs one small
 * object.
 */
abstract sealed class Peer permits Peer.Raw, Peer.Session {
  final String userId;
  final String sessionId;
  long lastPing;
  boolean registered;
  boolean closed;
  Peer prev;
  Peer next;
  Peer nextOfUser;

  Peer(String userId, String sessionId) {
    this.userId = userId;
    this.sessionId = sessionId;
  }

  abstract void write(Buffer frame);

  abstract boolean writeQueueFull();

  abstract void close(int code, String reason);

  abstract SocketAddress remoteAddress();

  /** The raw WebSocket transport, {@code /eventbus/websocket}: one bridge frame per binary WebSocket message. */
  static final class Raw extends Peer {
    private final ServerWebSocket ws;

    Raw(ServerWebSocket ws, String userId, String sessionId) {
      super(userId, sessionId);
      this.ws = ws;
    }

    @Override
    void write(Buffer frame) {
      ws.writeBinaryMessage(frame);
    }

    @Override
    boolean writeQueueFull() {
      return ws.writeQueueFull();
    }

    @Override
    void close(int code, String reason) {
      ws.close((short) code, reason);
    }

    @Override
    SocketAddress remoteAddress() {
      return ws.remoteAddress();
    }
  }

  /** A SockJS session (sockjs-client's websocket, xhr-streaming or xhr-polling): Vert.x does the SockJS framing. */
  static final class Session extends Peer {
    private final SockJSSocket socket;

    Session(SockJSSocket socket, String userId, String sessionId) {
      super(userId, sessionId);
      this.socket = socket;
    }

    @Override
    void write(Buffer frame) {
      socket.write(frame);
    }

    @Override
    boolean writeQueueFull() {
      try {
        return socket.writeQueueFull();
      } catch (IllegalStateException closed) {
        return true;
      }
    }

    @Override
    void close(int code, String reason) {
      socket.close(code, reason);
    }

    @Override
    SocketAddress remoteAddress() {
      return socket.remoteAddress();
    }
  }
}
