package dev.eventual.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One open event stream ({@code text/event-stream}) of a signed-in session. While its resume is being worked out it
 * keeps what is pushed meanwhile, then sends the resume and those, each event once: nothing at or before the last
 * cursor sent goes out again. A stream whose reader falls {@link EventStreamApi#WRITE_QUEUE_BYTES} behind is closed,
 * told why if it still reads.
 */
final class SseStream {
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EVENT = "\nevent: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
  static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

  final String userId;
  final String sessionId;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Runnable onClose;
  /** Told when the stream is cut for not reading (the node counts those with its slow sockets). */
  Runnable onSlow = () -> { };
  private List<Frame> waiting = new ArrayList<>();
  private long lastSent;
  boolean closed;

  /** An event of the log (cursor ≥ 0) or not (presence: -1), framed once for every stream that gets it. */
  record Frame(long cursor, Buffer bytes) {
  }

  SseStream(HttpServerRequest request, String userId, String sessionId, long after, Runnable onClose) {
    this.request = request;
    this.response = request.response();
    this.userId = userId;
    this.sessionId = sessionId;
    this.lastSent = after;
    this.onClose = onClose;
  }

  /** {@code id: <cursor>}, {@code event: <action>}, {@code data: <message>}: the message's JSON is one line. */
  static Frame frame(long cursor, String action, Buffer message) {
    Buffer b = Buffer.buffer(message.length() + 64);
    if (cursor >= 0) {
      b.appendBytes(ID).appendString(Long.toString(cursor)).appendBytes(EVENT);
    } else {
      b.appendString("event: ");
    }
    return new Frame(cursor, b.appendString(action == null ? "message" : action).appendBytes(DATA).appendBuffer(message).appendBytes(END));
  }

  /** Starts the answer; {@code retryMs} is what the client waits before it reconnects. */
  void begin(long retryMs) {
    response.setStatusCode(200)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("X-Accel-Buffering", "no")
      // identity: compressing would hold events back in the deflater until enough bytes pile up
      .putHeader("Content-Encoding", "identity");
    if (request.version() == HttpVersion.HTTP_1_0) {
      response.putHeader("Connection", "close");
    } else if (request.version() == HttpVersion.HTTP_1_1) {
      response.setChunked(true);
    }
    response.setWriteQueueMaxSize(EventStreamApi.WRITE_QUEUE_BYTES);
    response.write(Buffer.buffer("retry: " + retryMs + "\n: " + userId + "\n\n"));
  }

  /** The caller's events from the resume, then what was pushed meanwhile; from now on pushes go straight out. */
  void caughtUp(List<JsonObject> backlog) {
    for (JsonObject m : backlog) {
      long cursor = m.getLong("cursor", -1L);
      send(frame(cursor, m.getString("action"), m.toBuffer()));
    }
    live();
  }

  /** The gap cannot be filled: the first thing on the stream says so, with where to go on from after reloading. */
  void reset(long cursor, String reason) {
    lastSent = Math.max(lastSent, cursor);
    write(frame(cursor, "reset", new JsonObject().put("cursor", cursor).put("reason", reason).toBuffer()).bytes());
    waiting.removeIf(f -> f.cursor() >= 0 && f.cursor() <= cursor);
    live();
  }

  private void live() {
    List<Frame> held = waiting;
    waiting = null;
    held.forEach(this::send);
  }

  void push(Frame frame) {
    if (waiting != null) {
      waiting.add(frame);
    } else {
      send(frame);
    }
  }

  void heartbeat() {
    if (waiting == null) {
      write(HEARTBEAT);
    }
  }

  private void send(Frame frame) {
    if (frame.cursor() >= 0) {
      if (frame.cursor() <= lastSent) {
        return;
      }
      lastSent = frame.cursor();
    }
    write(frame.bytes());
  }

  /** A reader that stopped reading is cut, never buffered for without bound; it resumes by its Last-Event-ID. */
  private void write(Buffer bytes) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      EventStreamApi.LOG.info("closing an event stream of {} that stopped reading", request.remoteAddress());
      onSlow.run();
      end(4000, "too slow: reconnect with Last-Event-ID and catch up", true);
      return;
    }
    response.write(bytes);
  }

  /**
   * Ends the stream with an {@code event: close} that says why ({@code code} as a socket's close code). A slow
   * reader's connection is closed outright, as its queue would not drain.
   */
  void end(int code, String reason, boolean abort) {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
    if (response.ended() || response.closed()) {
      return;
    }
    if (!response.headWritten()) {
      return;
    }
    if (abort) {
      if (request.version() == HttpVersion.HTTP_2) {
        response.reset();
      } else {
        request.connection().close();
      }
      return;
    }
    response.end(frame(-1, "close", new JsonObject().put("code", code).put("reason", reason).toBuffer()).bytes());
  }

  /** The client went away. */
  void gone() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }
}
