package dev.eventual.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A browser-like SockJS session for tests: an {@link AsyncSocket} whose frames wait in a queue, read blocking. */
public final class Socket implements AutoCloseable {
  private final AsyncSocket socket;
  private final BlockingQueue<JsonObject> frames;
  private final Vertx vertx;
  private final WebSocketClient client;
  private final long pinger;

  private Socket(Vertx vertx, WebSocketClient client, AsyncSocket socket, BlockingQueue<JsonObject> frames) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    this.frames = frames;
    pinger = vertx.setPeriodic(5_000, id -> socket.ping());
  }

  public static Socket connect(Vertx vertx, int port, String cookie, String origin) throws Exception {
    return connect(vertx, new WebSocketClientOptions(), port, cookie, origin);
  }

  public static Socket connect(Vertx vertx, WebSocketClientOptions clientOptions, int port, String cookie, String origin)
    throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port);
    if (cookie != null) {
      options.addHeader("Cookie", cookie);
    }
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    try {
      AsyncSocket socket = AsyncSocket.connect(client, options, text -> frames.add(new JsonObject(text)))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new Socket(vertx, client, socket, frames);
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  public void send(JsonObject frame) {
    socket.send(frame.encode());
  }

  public void sendRaw(String text) {
    socket.send(text);
  }

  /** Registers for the address and waits for the server to say it is live (or refused). */
  public JsonObject register(String address) throws InterruptedException {
    socket.send(AsyncSocket.registerFrame(address));
    return next(10);
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
    socket.pause();
  }

  public void resume() {
    socket.resume();
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  /** Waits for the server to close the socket; false if it is still open after {@code seconds}. */
  public boolean awaitClosed(long seconds) throws Exception {
    try {
      socket.closure().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    if (!socket.isClosed()) {
      socket.close();
    }
    client.close();
  }
}
