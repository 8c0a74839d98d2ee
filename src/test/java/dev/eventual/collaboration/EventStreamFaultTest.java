package dev.eventual.collaboration;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.Sse;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The event stream through faults: a node killed under it, a reader that stops reading. */
class EventStreamFaultTest {
  static final int COMMANDS = 300;

  @Test
  @DisplayName("a node killed -9 under a stream: Last-Event-ID on the other node of the namespace resumes with 0 lost and 0 duplicated over 300 events")
  void resumeOnAnotherNodeAfterKill() throws Exception {
    String ns = TestNode.namespace();
    try (NodeProcess a = NodeProcess.start(ns); NodeProcess b = NodeProcess.start(ns)) {
      User ana = a.api.signup(Api.uniqueName("ana"));
      String listId = a.api.createList(ana, "failover");
      Sse onA = Sse.open(a.port, ana.cookie());
      assertThat(onA.status).isEqualTo(200);
      List<String> accepted = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
        Api target = a.api;
        for (int i = 0; i < COMMANDS; i++) {
          String key = UUID.randomUUID().toString();
          while (true) {
            Api.Response r;
            try {
              r = target.commandWithKey(ana, key, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", "todo " + i).encode());
            } catch (AssertionError connectionRefused) {
              target = b.api;
              continue;
            }
            if (r.status() == 202) {
              accepted.add(key);
              break;
            }
            assertThat(r.status()).as(r.body()).isEqualTo(503);
          }
        }
      });
      List<Sse.Event> seen = new ArrayList<>(onA.take(COMMANDS / 3, 60));
      a.kill();
      assertThat(onA.awaitEnd(20)).as("the dead node's stream ends").isTrue();
      seen.addAll(onA.drain());
      long last = seen.get(seen.size() - 1).cursor();
      int beforeKill = seen.size();

      try (Sse onB = Sse.open(b.port, "/api/events/stream", ana.cookie(), "Last-Event-ID", String.valueOf(last))) {
        assertThat(onB.status).isEqualTo(200);
        load.get(120, TimeUnit.SECONDS);
        assertThat(accepted).hasSize(COMMANDS);
        java.util.Set<String> held = new java.util.HashSet<>();
        seen.forEach(e -> held.add(e.json().getString("commandId")));
        Sse.Event next;
        while (!held.containsAll(accepted) && (next = onB.next(30)) != null) {
          seen.add(next);
          held.add(next.json().getString("commandId"));
        }
      }
      Map<String, Integer> perCommand = new HashMap<>();
      seen.forEach(e -> perCommand.merge(e.json().getString("commandId"), 1, Integer::sum));
      for (String key : accepted) {
        assertThat(perCommand.get(key)).as("events held for " + key).isEqualTo(1);
      }
      assertThat(seen).extracting(Sse.Event::cursor).isSorted().doesNotHaveDuplicates();
      assertThat(seen).extracting(Sse.Event::event).containsOnly("todo-create");
      System.out.printf("event stream failover: %d events, %d before the kill, 0 lost, 0 duplicated%n", seen.size(), beforeKill);
    } finally {
      Namespace.delete(ns);
    }
  }

  @Test
  @DisplayName("an idle event stream costs the node a bounded amount of heap (measured beside an idle socket's ≤ 10 KB)")
  void idleStreamHeap() throws Exception {
    String ns = TestNode.namespace();
    int count = 1_000;
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    // A loaded box may take longer than the default 10 s to send a thousand first requests on their new connections.
    try (NodeProcess app = NodeProcess.start(ns, "--http.maxConnectionsPerAddress", "0", "--http.requestTimeoutSeconds", "120")) {
      User ana = app.api.signup(Api.uniqueName("ana"));
      io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.PoolOptions().setHttp1MaxSize(count + 10));
      closeAll(open(client, app.port, ana, 10));
      long before = app.heapAfterGc();
      List<io.vertx.core.http.HttpClientResponse> streams = open(client, app.port, ana, count);
      long after = app.heapAfterGc();
      closeAll(streams);
      long perStream = (after - before) / count;
      System.out.printf("idle event streams: %d cost %d KB of heap, %d bytes each%n", count, (after - before) / 1024, perStream);
      assertThat(perStream).isLessThanOrEqualTo(24 * 1024);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Namespace.delete(ns);
    }
  }

  /** Opens {@code count} streams and waits until each has its first bytes (the retry line). */
  private static List<io.vertx.core.http.HttpClientResponse> open(io.vertx.core.http.HttpClient client, int port, User user, int count)
      throws Exception {
    List<io.vertx.core.Future<io.vertx.core.http.HttpClientResponse>> live = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      live.add(client.request(new io.vertx.core.http.RequestOptions().setHost("localhost").setPort(port).setURI("/api/events/stream")
          .putHeader("Cookie", user.cookie()))
        .compose(req -> req.send())
        .compose(res -> {
          io.vertx.core.Promise<io.vertx.core.http.HttpClientResponse> first = io.vertx.core.Promise.promise();
          res.handler(chunk -> first.tryComplete(res));
          return first.future();
        }));
    }
    return io.vertx.core.Future.all(live).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS).list();
  }

  private static void closeAll(List<io.vertx.core.http.HttpClientResponse> streams) throws Exception {
    io.vertx.core.Future.all(streams.stream().map(r -> r.request().connection().close()).toList())
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a quiet stream outlives http.idleTimeoutSeconds (26 s) on its heartbeats and still carries the next event")
  void outlivesTheIdleTimeout() throws Exception {
    String ns = TestNode.namespace();
    try (TestNode app = TestNode.start(ns, "http.idleTimeoutSeconds", "26", "socket.pingTimeoutSeconds", "20")) {
      User ana = app.api.signup(Api.uniqueName("ana"));
      try (Sse quiet = Sse.open(app.port(), ana.cookie())) {
        assertThat(quiet.status).isEqualTo(200);
        assertThat(quiet.awaitEnd(32)).as("still open after 32 s without an event").isFalse();
        assertThat(quiet.comments).contains("heartbeat");
        String listId = app.api.createList(ana, "after the quiet");
        assertThat(quiet.next(10).json().getString("listId")).isEqualTo(listId);
      }
    } finally {
      Namespace.delete(ns);
    }
  }

  @Test
  @DisplayName("a stream whose reader stops reading is cut once 256 KiB wait, counted as a slow socket; what it got plus a resume is everything")
  void slowReaderIsCut() throws Exception {
    String ns = TestNode.namespace();
    try (TestNode app = TestNode.start(ns, "events.window", "100000",
      // A firehose into one list, past what its limits let one list hold (issue 18.2): the subject is the slow reader.
      "limits.textBytesPerList", "1000000000", "limits.todosPerList", "10000000")) {
      Api api = app.api;
      User ana = api.signup(Api.uniqueName("ana"));
      String listId = api.createList(ana, "firehose");
      java.net.Socket raw = new java.net.Socket();
      raw.setReceiveBufferSize(4096);
      raw.connect(new InetSocketAddress("127.0.0.1", app.port()));
      OutputStream out = raw.getOutputStream();
      out.write(("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1:" + app.port() + "\r\nCookie: " + ana.cookie()
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = raw.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] chunk = new byte[256];
      got.write(chunk, 0, in.read(chunk));
      assertThat(got.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
      String text = "x".repeat(500);
      ExecutorService senders = Executors.newFixedThreadPool(4);
      int sent = 0;
      try {
        while (app.management.get(null, "/health").json().getLong("slowSocketsClosed") == 0) {
          assertThat(sent).as("commands sent before the slow stream was cut").isLessThan(40_000);
          List<java.util.concurrent.Future<?>> batch = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            batch.add(senders.submit(() -> assertThat(api.command(ana, "POST", "/api/lists/" + listId + "/todos",
              new JsonObject().put("text", text).encode()).status()).isEqualTo(202)));
          }
          for (var f : batch) {
            f.get();
          }
          sent += batch.size();
        }
      } finally {
        senders.shutdown();
      }
      raw.setSoTimeout(30_000);
      in.transferTo(got);
      raw.close();
      String body = got.toString(StandardCharsets.UTF_8);
      List<Long> cursors = new ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("id: (\\d+)\nevent: todo-create\ndata: [^\n]*\n\n").matcher(body);
      while (m.find()) {
        cursors.add(Long.parseLong(m.group(1)));
      }
      assertThat(cursors.size()).isLessThan(sent);
      long last = cursors.isEmpty() ? -1 : cursors.get(cursors.size() - 1);
      int total = sent;
      api.listAtVersion(ana, listId, 1 + total);
      int missed = api.get(ana, "/api/events?after=" + last).json().getJsonArray("events").size();
      assertThat(cursors.size() + missed).isEqualTo(total);
      System.out.printf("slow event stream: cut after %d commands, %d events read, %d caught up%n", sent, cursors.size(), missed);
    } finally {
      Namespace.delete(ns);
    }
  }
}
