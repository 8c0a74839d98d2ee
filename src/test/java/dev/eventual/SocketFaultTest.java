package dev.eventual;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.AppProcess;
import dev.eventual.support.Socket;
import dev.eventual.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Sockets that misbehave (one that stops reading, a thousand that come and go) and what idle ones cost. */
class SocketFaultTest {

  @Test
  @DisplayName("a socket that stops reading is closed after a bounded queue, and catches up on exactly what it missed")
  void slowConsumer() throws Exception {
    String ns = TestNode.namespace();
    try (TestNode app = TestNode.start(ns, "events.window", "100000")) {
      Api api = app.api;
      User ana = api.signup(Api.uniqueName("ana"));
      String listId = api.createList(ana, "firehose");
      Socket slow = Socket.connect(app.vertx, new WebSocketClientOptions().setReceiveBufferSize(8192), app.port(), ana.cookie(), null);
      assertThat(slow.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      slow.pause();
      String text = "x".repeat(500);
      ExecutorService senders = Executors.newFixedThreadPool(4);
      int sent = 0;
      try {
        while (api.get(null, "/health").json().getLong("slowSocketsClosed") == 0) {
          assertThat(sent).as("commands sent before the slow socket was closed").isLessThan(40_000);
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
      slow.resume();
      assertThat(slow.awaitClosed(30)).isTrue();
      List<JsonObject> received = new ArrayList<>();
      for (JsonObject frame : slow.drain()) {
        if ("rec".equals(frame.getString("type"))) {
          received.add(frame.getJsonObject("body"));
        }
      }
      assertThat(received.size()).isLessThan(sent);
      long lastCursor = received.isEmpty() ? -1 : received.get(received.size() - 1).getLong("cursor");
      int total = sent;
      JsonObject view = api.get(ana, "/api/lists/" + listId + "?minVersion=" + (1 + total)).json();
      assertThat(view.getJsonArray("todos")).hasSize(total);
      int missed = api.get(ana, "/api/events?after=" + lastCursor).json().getJsonArray("events").size();
      assertThat(received.size() + missed).isEqualTo(total);
    } finally {
      TestNode.deleteNamespace(ns);
    }
  }

  @Test
  @DisplayName("1,000 sockets connecting and disconnecting in a loop leave the heap, after GC, within 10% of where it was")
  void socketChurn() throws Exception {
    String ns = TestNode.namespace();
    long seconds = Long.getLong("eventual.churnSeconds", 60);
    Vertx vertx = Vertx.vertx();
    try (AppProcess app = AppProcess.start(ns)) {
      User ana = app.api.signup(Api.uniqueName("ana"));
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(2_000));
      churn(client, app.port, ana, 1);
      long baseline = heapAfterGc(app.pid());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int rounds = 0;
      while (System.nanoTime() < deadline) {
        churn(client, app.port, ana, 1_000);
        rounds++;
      }
      long after = heapAfterGc(app.pid());
      System.out.printf("socket churn: %d rounds of 1000 sockets in %d s; heap after GC %d KB -> %d KB%n",
        rounds, seconds, baseline / 1024, after / 1024);
      assertThat(rounds).isPositive();
      assertThat(after).isLessThanOrEqualTo((long) (baseline * 1.10));
      assertThat(app.api.get(null, "/health").status()).isEqualTo(200);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      TestNode.deleteNamespace(ns);
    }
  }

  @Test
  @DisplayName("an idle socket costs at most 10 KB of heap (2,000 of them, after GC, in a node of its own)")
  void idleSocketHeap() throws Exception {
    String ns = TestNode.namespace();
    int count = 2_000;
    Vertx vertx = Vertx.vertx();
    try (AppProcess app = AppProcess.start(ns)) {
      User ana = app.api.signup(Api.uniqueName("ana"));
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 10));
      churn(client, app.port, ana, 1);
      long before = heapAfterGc(app.pid());
      List<WebSocket> sockets = open(client, app.port, ana, count);
      long after = heapAfterGc(app.pid());
      Future.all(sockets.stream().map(WebSocket::close).toList()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      long perSocket = (after - before) / count;
      System.out.printf("idle sockets: %d cost %d KB of heap, %d bytes each%n", count, (after - before) / 1024, perSocket);
      assertThat(perSocket).isLessThanOrEqualTo(10 * 1024);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      TestNode.deleteNamespace(ns);
    }
  }

  /** Opens {@code count} sockets, registers each and waits until it is live, then closes them all. */
  private static void churn(WebSocketClient client, int port, User user, int count) throws Exception {
    List<WebSocket> sockets = open(client, port, user, count);
    Future.all(sockets.stream().map(WebSocket::close).toList()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Opens {@code count} sockets, registers each and waits until it is live. */
  private static List<WebSocket> open(WebSocketClient client, int port, User user, int count) throws Exception {
    List<Future<WebSocket>> live = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      live.add(client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/eventbus/websocket")
        .addHeader("Cookie", user.cookie())).compose(ws -> {
          var registered = io.vertx.core.Promise.<WebSocket>promise();
          ws.handler(frame -> {
            if (frame.toString().contains("\"registered\"")) {
              registered.tryComplete(ws);
            }
          });
          ws.writeTextMessage(dev.eventual.support.Socket.registerFrame("user." + user.userId()).encode());
          return registered.future();
        }));
    }
    return Future.all(live).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).list();
  }

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private static long heapAfterGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    jcmd(pid, "GC.run");
    Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static String jcmd(long pid, String command) throws Exception {
    String jcmd = System.getProperty("java.home") + "/bin/jcmd";
    Process p = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
