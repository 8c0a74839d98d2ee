package dev.eventual.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A browser-like SockJS (raw WebSocket transport) client speaking the event-bus bridge protocol. */
public final class Socket implements AutoCloseable {
  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final long pinger;
  private final Vertx vertx;
  private volatile boolean closed;
  private final java.util.concurrent.CompletableFuture<Void> closure = new java.util.concurrent.CompletableFuture<>();

  private final WebSocketClient client;

  private Socket(Vertx vertx, WebSocketClient client, WebSocket ws) {
    this.vertx = vertx;
    this.client = client;
    this.ws = ws;
    try {
      ws.frameHandler(frame -> {
        if (frame.isText() || frame.isBinary()) {
          frames.add(new JsonObject(frame.binaryData()));
        }
      });
      ws.closeHandler(v -> {
        closed = true;
        closure.complete(null);
      });
    } catch (IllegalStateException alreadyClosedByServer) {
      closed = true;
      closure.complete(null);
    }
    pinger = vertx.setPeriodic(5_000, id -> send(new JsonObject().put("type", "ping")));
  }

  public static Socket connect(Vertx vertx, int port, String cookie, String origin) throws Exception {
    return connect(vertx, new WebSocketClientOptions(), port, cookie, origin);
  }

  public static Socket connect(Vertx vertx, WebSocketClientOptions clientOptions, int port, String cookie, String origin)
    throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port)
      .setURI("/eventbus/websocket");
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    try {
      WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new Socket(vertx, client, ws);
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  public void send(JsonObject frame) {
    if (!closed && !ws.isClosed()) {
      ws.writeTextMessage(frame.encode());
    }
  }

  public void sendRaw(String text) {
    if (!closed && !ws.isClosed()) {
      ws.writeTextMessage(text);
    }
  }

  /** Registers for the address, asking to be told when it is live, and waits for that answer (or the refusal). */
  public JsonObject register(String address) throws InterruptedException {
    send(registerFrame(address));
    return next(10);
  }

  public static JsonObject registerFrame(String address) {
    return new JsonObject().put("type", "register").put("address", address).put("headers", new JsonObject().put("ack", "true"));
  }

  public JsonObject next(long seconds) throws InterruptedException {
    return frames.poll(seconds, TimeUnit.SECONDS);
  }

  /** The next pushed message body (skipping control frames), or null if none came in time. */
  public JsonObject nextMessage(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject frame = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (frame == null) {
        return null;
      }
      if ("rec".equals(frame.getString("type"))) {
        return frame.getJsonObject("body");
      }
    }
  }

  public List<JsonObject> messages(int count, long seconds) throws InterruptedException {
    List<JsonObject> result = new ArrayList<>();
    while (result.size() < count) {
      JsonObject m = nextMessage(seconds);
      if (m == null) {
        break;
      }
      result.add(m);
    }
    return result;
  }

  /** What has arrived by now, without waiting. */
  public List<JsonObject> drain() {
    List<JsonObject> result = new ArrayList<>();
    frames.drainTo(result);
    return result;
  }

  /** Stops reading from the wire, as a browser tab that hangs would. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Waits for the server to close the socket; false if it is still open after {@code seconds}. */
  public boolean awaitClosed(long seconds) throws Exception {
    try {
      closure.get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    if (!closed) {
      ws.close();
    }
    client.close();
  }
}
