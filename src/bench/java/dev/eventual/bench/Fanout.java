package dev.eventual.bench;

import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.AsyncSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.ConcurrentHistogram;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Fan-out: todos added to a list of 1,000 members, each with a registered socket; every event to every member. */
final class Fanout {
  private final Harness h;
  private final ConcurrentHashMap<String, Long> intended = new ConcurrentHashMap<>();
  private final AtomicReference<ConcurrentHistogram> hist = new AtomicReference<>(Load.histogram());
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong lastDelivery = new AtomicLong();

  Fanout(Harness h) {
    this.h = h;
  }

  void run() throws Exception {
    int n = h.options.fanoutMembers;
    JsonObject section = new JsonObject().put("members", n);
    long t = System.nanoTime();
    List<User> users = h.members(n);
    section.put("signupSeconds", (System.nanoTime() - t) / 1e9).put("signupsPerSecond", n / ((System.nanoTime() - t) / 1e9));
    Bench.log(String.format("   %d sign-ups in %.1f s", n, (System.nanoTime() - t) / 1e9));
    User owner = users.get(0);
    String listId = AsyncApi.await(h.api.createList(owner, "fan-out"));
    t = System.nanoTime();
    Load.many(n - 1, 32, i -> h.api.share(owner, listId, users.get(i + 1), false).map(r -> {
      if (r.status() != 202) {
        throw new IllegalStateException("add member: " + r);
      }
      return r;
    }));
    Response r;
    do {
      r = AsyncApi.await(h.api.send("GET", "/api/lists/" + listId + "?minVersion=" + (2 * n - 1), owner.cookie(), null));
    } while (r.status() == 503);
    int members = r.json().getJsonArray("members").size();
    section.put("membersInList", members).put("addMembersSeconds", (System.nanoTime() - t) / 1e9);
    Bench.log(String.format("   list with %d members in %.1f s", members, (System.nanoTime() - t) / 1e9));

    AsyncSocket.Listener listener = (commandId, now) -> {
      Long at = intended.get(commandId);
      if (at != null) {
        hist.get().recordValue(Load.micros(at, now));
        delivered.incrementAndGet();
        lastDelivery.set(now);
      }
    };
    WebSocketClient wsc = h.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 10));
    List<AsyncSocket> socks = Load.many(n, 64, i -> AsyncSocket.open(wsc, h.host, h.port, users.get(i), listener));
    h.live.addAll(socks);
    Bench.log("   " + socks.size() + " sockets registered, one per member");
    String jfr = h.startJfr("fanout");
    section.put("steps", steps(owner, listId, members, "SockJS"));
    h.stopJfr(jfr, "fanout", section);
    socks.forEach(h.live::remove);
    for (AsyncSocket s : socks) {
      s.close();
    }
    wsc.close();
    // The same list and members over Server-Sent Events (issue 21): one stream each instead of a socket.
    SseStreams streams = SseStreams.open(h, users, listener);
    Bench.log("   " + streams.size() + " event streams open, one per member");
    section.put("sse", new JsonObject().put("streams", streams.size()).put("steps", steps(owner, listId, members, "SSE")));
    streams.close();
    h.results.json.put("fanout", section);
  }

  private JsonArray steps(User owner, String listId, int members, String transport) throws Exception {
    JsonArray steps = new JsonArray();
    int[] rates = h.options.quick ? new int[] {5, 20} : new int[] {5, 20, 50};
    // The first step is a warm-up, reported apart: like the other sections, steps measure a node past its JIT.
    for (int s = -1; s < rates.length; s++) {
      boolean warmUp = s < 0;
      int rate = warmUp ? 20 : rates[s];
      JsonObject step = step(owner, listId, members, rate, warmUp ? h.options.secs(4) : h.options.secs(8), warmUp, transport);
      if (warmUp) {
        continue;
      }
      steps.add(step);
      figures(step, rate, members);
    }
    return steps;
  }

  private JsonObject step(User owner, String listId, int members, int rate, int seconds, boolean warmUp, String transport)
    throws Exception {
    intended.clear();
    hist.set(Load.histogram());
    delivered.set(0);
    Cpu c0 = h.cpu();
    long total = (long) rate * seconds;
    long start = System.nanoTime() + 5_000_000;
    AtomicLong refused = new AtomicLong();
    AtomicLong i = new AtomicLong();
    Load.pace(rate, total, start, 500_000, due -> {
      String id = UUID.randomUUID().toString();
      intended.put(id, due);
      h.api.addTodo(owner, id, listId, "fan-out " + i.getAndIncrement()).onComplete(ar -> {
        if (ar.failed() || ar.result().status() != 202) {
          refused.incrementAndGet();
        }
      });
    });
    long sendEnd = System.nanoTime();
    long expected = total * members;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (delivered.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    double span = (Math.max(lastDelivery.get(), sendEnd) - start) / 1e9;
    JsonObject step = new JsonObject().put("todosPerSecond", rate).put("seconds", seconds).put("events", total)
      .put("expectedDeliveries", expected).put("delivered", delivered.get()).put("refused", refused.get())
      .put("deliveriesPerSecond", delivered.get() / span).put("offeredDeliveriesPerSecond", (double) rate * members)
      .put("lastDeliveryAfterSendEndMs", (lastDelivery.get() - sendEnd) / 1e6)
      .put("latencyMs", Load.pct(hist.get())).put("cpu", h.cpuSince(c0));
    // CPU per delivery holds still on a shared box where latency does not: it says what the node spends.
    step.put("nodeCpuUsPerDelivery", step.getJsonObject("cpu").getLong("nodeMs", -1L) * 1000.0 / Math.max(1, delivered.get()));
    step.put("transport", transport);
    Bench.log(String.format("   %s%s %3d todos/s × %d members: delivered %d/%d, %.0f deliveries/s, p50/p99/max %s ms, node CPU %.1f µs/delivery, cpu %s",
      warmUp ? "(warm-up) " : "", transport, rate, members, delivered.get(), expected, step.getDouble("deliveriesPerSecond"),
      Load.brief(step.getJsonObject("latencyMs")), step.getDouble("nodeCpuUsPerDelivery"), step.getJsonObject("cpu").encode()));
    return step;
  }

  private void figures(JsonObject step, int rate, int members) {
    Results r = h.results;
    long expected = step.getLong("expectedDeliveries");
    long got = step.getLong("delivered");
    boolean all = got == expected;
    Double p99 = step.getJsonObject("latencyMs").getDouble("p99");
    String what = rate + " todos/s to " + members + " members: ";
    r.row("fan-out", what + "deliveries/s" + (all ? "" : " (INCOMPLETE " + got + "/" + expected + ")"),
      step.getDouble("deliveriesPerSecond"), "msg/s", step.getDouble("deliveriesPerSecond") / r.perftestRate, null, null);
    r.row("fan-out", what + "delivery p99", p99, "ms", null, "≤ 100 ms", p99 != null && p99 <= 100 && all);
    r.row("fan-out", what + "node CPU per delivery", step.getDouble("nodeCpuUsPerDelivery"), "µs", null, null, null);
  }
}
