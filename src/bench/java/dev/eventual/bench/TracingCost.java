package dev.eventual.bench;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What tracing costs (issue 22): the same node, commands and load with OpenTelemetry off (the default) and on,
 * exporting to an OTLP/HTTP sink in this process that answers every batch at once — one run, so the two rows share
 * the box's mood. Each mode gets a fresh node: warm-up, then 1,000 commands/s open loop, then the closed loop.
 */
final class TracingCost {
  private final Harness h;

  TracingCost(Harness h) {
    this.h = h;
  }

  void run() throws Exception {
    HttpServer sink = h.vertx.createHttpServer()
      .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(200).end()))
      .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    JsonObject section = new JsonObject();
    try {
      for (boolean on : new boolean[] {false, true}) {
        List<String> flags = on ? List.of("--otel.endpoint", "http://127.0.0.1:" + sink.actualPort()) : List.of();
        h.options.nodeFlags.addAll(flags);
        try {
          section.put(on ? "on" : "off", mode(on ? "tracing on" : "tracing off"));
        } finally {
          h.options.nodeFlags.removeAll(flags);
        }
      }
    } finally {
      sink.close();
    }
    h.results.json.put("tracing", section);
  }

  private JsonObject mode(String name) throws Exception {
    h.startNode();
    Commands commands = new Commands(h);
    try {
      commands.setup();
      commands.openLoop(name + ": warm-up 1000/s", 1000, h.options.secs(15), 60);
      JsonObject open = commands.openLoop(name + ": open loop 1000/s", 1000, h.options.secs(10), 60);
      // Throughput writes its own section; the main run's is kept, this one taken aside.
      JsonObject main = h.results.json.getJsonObject("throughput");
      new Throughput(h, commands).run();
      JsonObject closed = (JsonObject) h.results.json.remove("throughput");
      if (main != null) {
        h.results.json.put("throughput", main);
      }
      JsonObject mode = new JsonObject().put("openLoop1000", open).put("closedLoop", closed.getJsonObject("closedLoop"));
      long nodeMs = open.getJsonObject("cpu").getLong("nodeMs", -1L);
      Bench.log(String.format("   %s: e2e p99 at 1,000/s %s ms (author), node CPU %.0f µs/command; closed loop %.0f commands/s",
        name, open.getJsonObject("authorMs").getValue("p99"), nodeMs * 1000.0 / Math.max(1, open.getLong("accepted202")),
        closed.getJsonObject("closedLoop").getDouble("completedPerSecond")));
      return mode;
    } finally {
      commands.stopReconnecting();
      h.stopNode();
    }
  }
}
