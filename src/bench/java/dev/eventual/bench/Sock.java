package dev.eventual.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One browser-like SockJS session on the raw WebSocket transport ({@code /eventbus/websocket}), opened with the
 * session cookie, speaking the event-bus bridge protocol. Pushed messages are not parsed as JSON: the bench only
 * needs the commandId, found by a string search, so the client stays cheap next to the node on a 2-core box.
 */
final class Sock {
  interface Listener {
    void onEvent(Sock sock, String commandId, long nanos);
  }

  private static final String REC = "\"type\":\"rec\"";
  private static final String COMMAND_ID = "\"commandId\":\"";
  static final String PING = "{\"type\":\"ping\"}";

  final int index;
  final String userId;
  volatile Listener listener;
  volatile boolean closed;
  /** Called once when the server closes the session (not when the bench closes it). */
  volatile Runnable onServerClose;
  private volatile boolean closing;
  /** The cursor of the last pushed event, for catching up with GET /api/events?after= after a reconnect. */
  volatile long cursor = -1;
  private WebSocket ws;
  private Promise<Void> registered;
  long errors;

  private Sock(int index, String userId) {
    this.index = index;
    this.userId = userId;
  }

  static Future<Sock> open(WebSocketClient client, String host, int port, String cookie, String userId, int index,
                           Listener listener) {
    Sock sock = new Sock(index, userId);
    sock.listener = listener;
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
      .setURI("/eventbus/websocket").addHeader("Cookie", cookie).setTimeout(30_000);
    return client.connect(options).compose(ws -> {
      sock.ws = ws;
      // The bridge writes Buffers, which the raw WebSocket transport sends as binary frames.
      ws.textMessageHandler(sock::onText);
      ws.binaryMessageHandler(b -> sock.onText(b.toString()));
      ws.closeHandler(v -> {
        sock.closed = true;
        Runnable r = sock.onServerClose;
        if (!sock.closing && r != null) {
          r.run();
        }
      });
      ws.exceptionHandler(err -> sock.errors++);
      sock.registered = Promise.promise();
      ws.writeTextMessage("{\"type\":\"register\",\"address\":\"user." + userId + "\",\"headers\":{\"ack\":\"true\"}}");
      return sock.registered.future().map(sock);
    });
  }

  private void onText(String text) {
    long now = System.nanoTime();
    if (text.contains(REC)) {
      int i = text.indexOf(COMMAND_ID);
      Listener l = listener;
      int c = text.indexOf("\"cursor\":");
      if (c >= 0) {
        int from = c + "\"cursor\":".length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
          to++;
        }
        if (to > from) {
          cursor = Math.max(cursor, Long.parseLong(text.substring(from, to)));
        }
      }
      if (i >= 0 && l != null) {
        int start = i + COMMAND_ID.length();
        l.onEvent(this, text.substring(start, text.indexOf('"', start)), now);
      }
    } else if (text.contains("\"registered\"")) {
      registered.tryComplete();
    } else if (text.contains("\"err\"")) {
      errors++;
      registered.tryFail("bridge refused: " + text);
    }
  }

  void ping() {
    if (!closed) {
      ws.writeTextMessage(PING);
    }
  }

  Future<Void> close() {
    closing = true;
    closed = true;
    return ws == null ? Future.succeededFuture() : ws.close().otherwiseEmpty();
  }
}
