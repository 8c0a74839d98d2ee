package dev.eventual.bench;

import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.ConcurrentHistogram;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** GET /api/lists/{id} of a 100-todo list, closed loop over 64 keep-alive connections. */
final class Queries {
  private static final int CONNECTIONS = 64;
  private final Harness h;
  private final User alice;

  Queries(Harness h, Commands commands) {
    this.h = h;
    this.alice = commands.user(0);
  }

  void run() throws Exception {
    AsyncApi api = h.api;
    String listId = AsyncApi.await(api.createList(alice, "query list"));
    Load.many(100, 32, i -> api.addTodo(alice, UUID.randomUUID().toString(), listId, "query todo " + i));
    Response r;
    do {
      r = AsyncApi.await(api.send("GET", "/api/lists/" + listId + "?minVersion=101", alice.cookie(), null));
    } while (r.status() == 503);
    int todos = r.json().getJsonArray("todos").size();
    int bytes = r.bytes().length();
    AsyncApi queries = new AsyncApi(h.vertx, h.host, h.port, CONNECTIONS);
    ConcurrentHistogram latency = Load.histogram();
    AtomicLong done = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    long start = System.nanoTime();
    int warm = h.options.secs(3);
    int measure = h.options.secs(10);
    long wStart = start + TimeUnit.SECONDS.toNanos(warm);
    long wEnd = wStart + TimeUnit.SECONDS.toNanos(measure);
    String path = "/api/lists/" + listId;
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> {
      long t = System.nanoTime();
      queries.send("GET", path, alice.cookie(), null).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed() || ar.result().status() != 200) {
          bad.incrementAndGet();
        } else if (t >= wStart && now < wEnd) {
          done.incrementAndGet();
          latency.recordValue(Load.micros(t, now));
        }
        if (!stop.get()) {
          loop[0].run();
        }
      });
    };
    for (int i = 0; i < CONNECTIONS; i++) {
      loop[0].run();
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(warm));
    Cpu c0 = h.cpu();
    String jfr = h.startJfr("queries");
    Thread.sleep(TimeUnit.SECONDS.toMillis(measure));
    stop.set(true);
    JsonObject section = new JsonObject().put("todos", todos).put("responseBytes", bytes).put("connections", CONNECTIONS)
      .put("requestsPerSecond", done.get() / (double) measure).put("errors", bad.get()).put("latencyMs", Load.pct(latency))
      .put("cpu", h.cpuSince(c0));
    Thread.sleep(500);
    h.stopJfr(jfr, "queries", section);
    AsyncApi.await(queries.close());
    h.results.json.put("queries", section);
    Bench.log("   " + section.encode());
    h.results.row("queries", "GET /api/lists/{id} (" + todos + " todos, " + bytes + " B), " + CONNECTIONS + " keep-alive connections",
      section.getDouble("requestsPerSecond"), "req/s", section.getDouble("requestsPerSecond") / h.results.perftestRate, null, null);
    h.results.row("queries", "GET list p99 (closed loop)", section.getJsonObject("latencyMs").getDouble("p99"), "ms", null, null, null);
  }
}
