package dev.eventual.support;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event stream read as {@code curl -N} reads it: one HTTP/1.1 GET, the body parsed line by line into the events of
 * the text/event-stream format (id, event, data; comments and retry kept apart). Blocking, for tests.
 */
public final class Sse implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  /** One dispatched event; {@code id} null when the event had no id field. */
  public record Event(String id, String event, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }

    public long cursor() {
      return Long.parseLong(id);
    }
  }

  public final int status;
  public final HttpClient.Version version;
  public final HttpHeaders headers;
  /** The body of an answer that is not a stream (a problem). */
  public final String body;
  public final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
  public volatile Long retry;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final InputStream in;

  private Sse(HttpResponse<InputStream> response) throws Exception {
    this.status = response.statusCode();
    this.version = response.version();
    this.headers = response.headers();
    this.in = response.body();
    if (status != 200) {
      this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      ended.countDown();
      return;
    }
    this.body = null;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code path} (e.g. {@code /api/events/stream?lastEventId=3}) with the cookie and extra headers (name, value, …). */
  public static Sse open(int port, String path, String cookie, String... headers) throws Exception {
    return open(CLIENT, port, path, cookie, headers);
  }

  /** Over HTTP/2 cleartext: the client's first request upgrades its connection (h2c), the stream is one HTTP/2 stream. */
  public static Sse openH2c(int port, String cookie) throws Exception {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
    h2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(), HttpResponse.BodyHandlers.discarding());
    return open(h2, port, "/api/events/stream", cookie);
  }

  private static Sse open(HttpClient client, int port, String path, String cookie, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .header("Accept", "text/event-stream");
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return new Sse(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  public static Sse open(int port, String cookie) throws Exception {
    return open(port, "/api/events/stream", cookie);
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id, event == null ? "message" : event, data.toString()));
          }
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "retry" -> retry = Long.parseLong(value);
            default -> { }
          }
        }
      }
    } catch (Exception closed) {
      // the stream ended or was closed
    } finally {
      ended.countDown();
    }
  }

  /** The next event within {@code seconds}, or null. */
  public Event next(long seconds) throws InterruptedException {
    return events.poll(seconds, TimeUnit.SECONDS);
  }

  /** The next {@code n} events; fails if they do not all come within {@code seconds}. */
  public List<Event> take(int n, long seconds) throws InterruptedException {
    List<Event> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (got.size() < n) {
      Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("got " + got.size() + " of " + n + " events within " + seconds + " s: " + got);
      }
      got.add(e);
    }
    return got;
  }

  /** Everything received and not taken yet. */
  public List<Event> drain() {
    List<Event> all = new ArrayList<>();
    events.drainTo(all);
    return all;
  }

  /** Whether the server ended the stream within {@code seconds}. */
  public boolean awaitEnd(long seconds) throws InterruptedException {
    return ended.await(seconds, TimeUnit.SECONDS);
  }

  public JsonObject problem() {
    return new JsonObject(body);
  }

  @Override
  public void close() throws Exception {
    in.close();
  }
}
