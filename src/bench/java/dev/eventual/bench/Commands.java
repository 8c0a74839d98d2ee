package dev.eventual.bench;

import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.AsyncSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands sections' world: alice and bob sharing 64 lists, each with a registered socket that, like a browser,
 * reconnects and catches up by cursor when the server closes it; and the open loop that drives them.
 */
final class Commands {
  static final int LISTS = 64;

  /** Told of every command's event on either socket (0 = alice's, 1 = bob's). */
  interface Deliveries {
    void onEvent(int socket, String commandId, long nanos);
  }

  private final Harness h;
  final List<String> lists = new ArrayList<>();
  final AtomicLong seq = new AtomicLong();
  private User alice;
  private User bob;
  private WebSocketClient client;
  private volatile boolean reconnect = true;
  private volatile Deliveries deliveries;
  final AtomicLong serverClosedSockets = new AtomicLong();
  final AtomicLong caughtUpEvents = new AtomicLong();
  final JsonArray socketCloses = new JsonArray();

  Commands(Harness h) {
    this.h = h;
  }

  void setup() throws Exception {
    alice = AsyncApi.await(api().signup("alice"));
    bob = AsyncApi.await(api().signup("bobby"));
    lists.addAll(Load.many(LISTS, 16, i -> api().createList(alice, "list-" + i)));
    Load.many(LISTS, 16, i -> api().share(alice, lists.get(i), bob, true).map(r -> {
      if (r.status() != 200) {
        throw new IllegalStateException("share: " + r);
      }
      return r;
    }));
    client = h.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10));
    openSocket(0);
    openSocket(1);
    Bench.log("   2 users, " + LISTS + " lists shared by both, 2 sockets registered");
  }

  AsyncApi api() {
    return h.api;
  }

  User user(int index) {
    return index == 0 ? alice : bob;
  }

  /** From now on, events go to {@code d}. */
  void deliverTo(Deliveries d) {
    deliveries = d;
  }

  /** The node is about to stop: sockets it closes are not reopened. */
  void stopReconnecting() {
    reconnect = false;
  }

  private void openSocket(int index) {
    User user = user(index);
    AsyncSocket socket = AsyncApi.await(AsyncSocket.open(client, h.host, h.port, user, (id, now) -> {
      Deliveries d = deliveries;
      if (d != null) {
        d.onEvent(index, id, now);
      }
    }));
    socket.closure().onComplete(v -> {
      h.live.remove(socket);
      if (reconnect && socket.closedByServer()) {
        h.vertx.executeBlocking(() -> {
          reconnect(index, socket.cursor());
          return null;
        }, false);
      }
    });
    h.live.add(socket);
  }

  /**
   * What a browser does when the server closes its socket (e.g. its slow-consumer guard): open a new one, register,
   * then catch up with GET /api/events?after=cursor. Events found that way count as delivered when they are read.
   */
  private void reconnect(int index, long cursor) {
    User user = user(index);
    serverClosedSockets.incrementAndGet();
    synchronized (socketCloses) {
      socketCloses.add(new JsonObject().put("at", Instant.now().toString()).put("user", user.username()).put("cursor", cursor));
    }
    Bench.log("   server closed " + user.username() + "'s socket at cursor " + cursor + "; reconnecting and catching up");
    openSocket(index);
    long after = cursor;
    while (true) {
      Response r = AsyncApi.await(api().send("GET", "/api/events?after=" + after, user.cookie(), null));
      if (r.status() != 200) {
        Bench.log("   catch-up answered " + r);
        return;
      }
      JsonArray events = r.json().getJsonArray("events");
      long now = System.nanoTime();
      for (Object o : events) {
        JsonObject e = (JsonObject) o;
        Deliveries d = deliveries;
        if (d != null && e.getString("commandId") != null) {
          d.onEvent(index, e.getString("commandId"), now);
          caughtUpEvents.incrementAndGet();
        }
      }
      long next = r.json().getLong("cursor", after);
      if (events.isEmpty() || next <= after) {
        return;
      }
      after = next;
    }
  }

  /** Offers {@code rate} commands/s for {@code seconds}, then waits up to {@code drainSeconds} for their events. */
  JsonObject openLoop(String label, double rate, int seconds, int drainSeconds) throws Exception {
    Run run = new Run(label, this);
    deliverTo(run::onEvent);
    long closes0 = serverClosedSockets.get();
    Cpu c0 = h.cpu();
    long start = System.nanoTime() + 5_000_000;
    Load.pace(rate, Math.round(rate * seconds), start, 200_000, run::send);
    long sendEnd = System.nanoTime();
    long backlogAtEnd = h.backlog();
    long lost = run.drain(drainSeconds);
    long left = h.awaitEmptyQueues(60);
    JsonObject r = run.result(start, sendEnd, lost, h.cpuSince(c0)).put("offeredPerSecond", rate).put("queuedAtSendEnd", backlogAtEnd)
      .put("queuedAfterDrain", left).put("socketsClosedByServer", serverClosedSockets.get() - closes0);
    Bench.log(String.format("   %-26s sent %6d in %5.1f s  202 %6d  refused %d  lost %d  author p50/p99/p99.9/max %s  other p99 %s  cpu %s",
      label, run.sent.get(), (sendEnd - start) / 1e9, run.ok.get(), run.refused.get(), lost, Load.brief(r.getJsonObject("authorMs")),
      r.getJsonObject("otherMs").getDouble("p99"), r.getJsonObject("cpu").encode()));
    return r;
  }
}
