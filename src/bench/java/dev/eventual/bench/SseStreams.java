package dev.eventual.bench;

import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncSocket;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.List;

/**
 * One Server-Sent Events stream per member ({@code GET /api/events/stream}), as a script or {@code curl -N} follows it:
 * each {@code data:} line's commandId found by a string search (as {@link AsyncSocket} does), so that a thousand of
 * them stay cheap beside a node on a small box.
 */
final class SseStreams {
  private static final String COMMAND_ID = "\"commandId\":\"";
  private final HttpClient client;
  private final List<HttpClientResponse> streams;

  private SseStreams(HttpClient client, List<HttpClientResponse> streams) {
    this.client = client;
    this.streams = streams;
  }

  static SseStreams open(Harness h, List<User> users, AsyncSocket.Listener listener) throws Exception {
    HttpClient client = h.vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
      new PoolOptions().setHttp1MaxSize(users.size() + 10).setMaxWaitQueueSize(-1));
    List<HttpClientResponse> streams = Load.many(users.size(), 64, i -> open(client, h, users.get(i), listener));
    return new SseStreams(client, streams);
  }

  private static Future<HttpClientResponse> open(HttpClient client, Harness h, User user, AsyncSocket.Listener listener) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(h.host).setPort(h.port)
      .setURI("/api/events/stream").putHeader("Cookie", user.cookie()).putHeader("Accept", "text/event-stream");
    return client.request(options).compose(req -> req.send()).compose(resp -> {
      if (resp.statusCode() != 200) {
        return Future.failedFuture("event stream: " + resp.statusCode());
      }
      StringBuilder pending = new StringBuilder();
      resp.handler(chunk -> lines(pending, chunk, listener));
      return Future.succeededFuture(resp);
    });
  }

  /** Appends a chunk and reads the lines it completes; a line split across chunks waits for its end. */
  private static void lines(StringBuilder pending, Buffer chunk, AsyncSocket.Listener listener) {
    long now = System.nanoTime();
    pending.append(chunk.toString());
    int end;
    while ((end = pending.indexOf("\n")) >= 0) {
      if (pending.length() > 5 && pending.charAt(0) == 'd' && pending.indexOf("data:") == 0) {
        int at = pending.indexOf(COMMAND_ID);
        if (at >= 0 && at < end) {
          int from = at + COMMAND_ID.length();
          listener.onPush(pending.substring(from, pending.indexOf("\"", from)), now);
        }
      }
      pending.delete(0, end + 1);
    }
  }

  int size() {
    return streams.size();
  }

  void close() {
    streams.forEach(s -> s.request().connection().close());
    client.close();
  }
}
