package dev.eventual.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * One browser-like SockJS session on the raw WebSocket transport ({@code /eventbus/websocket}), speaking the
 * event-bus bridge protocol: register, ping, and pushed {@code rec} frames. Pushes are not parsed as JSON: the
 * commandId and cursor are found by a string search, so thousands of these stay cheap beside a node on a small box.
 * {@link Socket} is its blocking face for tests.
 */
public final class AsyncSocket {
  /** Told of every pushed message that carries a commandId, with the time it arrived. */
  public interface Listener {
    void onPush(String commandId, long nanos);
  }

  public static final String PING = "{\"type\":\"ping\"}";
  private static final String REC = "\"type\":\"rec\"";
  private static final String COMMAND_ID = "\"commandId\":\"";
  private static final String CURSOR = "\"cursor\":";

  private final WebSocket ws;
  private final Promise<Void> closure = Promise.promise();
  private volatile Listener listener;
  private volatile Consumer<String> frames;
  private volatile Promise<Void> registered;
  private volatile boolean closing;
  private volatile long cursor = -1;

  private AsyncSocket(WebSocket ws, Consumer<String> frames) {
    this.ws = ws;
    this.frames = frames;
    try {
      // The bridge writes Buffers, which the raw WebSocket transport sends as binary frames.
      ws.textMessageHandler(this::onText);
      ws.binaryMessageHandler(b -> onText(b.toString()));
      ws.closeHandler(v -> closure.tryComplete());
    } catch (IllegalStateException closedByServerAlready) {
      closure.tryComplete();
    }
  }

  public static String registerFrame(String address) {
    return new JsonObject().put("type", "register").put("address", address).encode();
  }

  /** Opens a session; {@code frames}, if given, gets every frame's text as it arrives. Nothing is registered yet. */
  public static Future<AsyncSocket> connect(WebSocketClient client, WebSocketConnectOptions options, Consumer<String> frames) {
    return client.connect(options.setURI("/eventbus/websocket")).map(ws -> new AsyncSocket(ws, frames));
  }

  /** Opens a session with the user's cookie and registers for the user's address; done once the server says live. */
  public static Future<AsyncSocket> open(WebSocketClient client, String host, int port, Api.User user, Listener listener) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
      .addHeader("Cookie", user.cookie()).setTimeout(30_000);
    return connect(client, options, null).compose(s -> {
      s.listener = listener;
      return s.register("user." + user.userId()).map(s);
    });
  }

  /** Registers for an address; fails if the bridge answers with an error frame. */
  public Future<Void> register(String address) {
    Promise<Void> p = Promise.promise();
    registered = p;
    send(registerFrame(address));
    return p.future();
  }

  private void onText(String text) {
    long now = System.nanoTime();
    Consumer<String> f = frames;
    if (f != null) {
      f.accept(text);
    }
    if (text.contains(REC)) {
      onPush(text, now);
    } else if (registered != null && text.contains("\"registered\"")) {
      registered.tryComplete();
    } else if (registered != null && text.contains("\"err\"")) {
      registered.tryFail("bridge refused: " + text);
    }
  }

  private void onPush(String text, long now) {
    int c = text.indexOf(CURSOR);
    if (c >= 0) {
      int from = c + CURSOR.length();
      int to = from;
      while (to < text.length() && Character.isDigit(text.charAt(to))) {
        to++;
      }
      if (to > from) {
        cursor = Math.max(cursor, Long.parseLong(text.substring(from, to)));
      }
    }
    int i = text.indexOf(COMMAND_ID);
    Listener l = listener;
    if (i >= 0 && l != null) {
      int start = i + COMMAND_ID.length();
      l.onPush(text.substring(start, text.indexOf('"', start)), now);
    }
  }

  public void send(String text) {
    if (!isClosed()) {
      ws.writeTextMessage(text);
    }
  }

  public void ping() {
    send(PING);
  }

  /** The cursor of the last pushed event: where to catch up from with GET /api/events?after= after a reconnect. */
  public long cursor() {
    return cursor;
  }

  /** Stops reading from the wire, as a browser tab that hangs would. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  public boolean isClosed() {
    return closure.future().isComplete() || ws.isClosed();
  }

  /** Completes when the socket is closed, by either side. */
  public Future<Void> closure() {
    return closure.future();
  }

  /** Whether the server closed it (for instance its slow-consumer guard), rather than this client. */
  public boolean closedByServer() {
    return closure.future().isComplete() && !closing;
  }

  public Future<Void> close() {
    closing = true;
    return ws.close().otherwiseEmpty();
  }
}
