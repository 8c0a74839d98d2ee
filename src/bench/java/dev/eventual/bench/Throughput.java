package dev.eventual.bench;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The highest sustained throughput with nothing lost: a closed loop with 256 commands in flight, then an open-loop
 * check that 90 % of what it found is taken at a fixed rate without loss or backlog.
 */
final class Throughput {
  private static final int WINDOW = 256;
  private final Harness h;
  private final Commands commands;

  Throughput(Harness h, Commands commands) {
    this.h = h;
    this.commands = commands;
  }

  void run() throws Exception {
    JsonObject section = new JsonObject();
    String jfr = h.startJfr("commands");
    Run run = new Run("closed loop, " + WINDOW + " in flight", commands);
    commands.deliverTo(run::onEvent);
    long closes0 = commands.serverClosedSockets.get();
    Cpu c0 = h.cpu();
    AtomicBoolean stop = new AtomicBoolean();
    run.onAuthorEvent = () -> {
      if (!stop.get()) {
        run.send(System.nanoTime());
      }
    };
    long start = System.nanoTime();
    int warm = h.options.secs(3);
    int measure = h.options.secs(12);
    run.windowStart = start + TimeUnit.SECONDS.toNanos(warm);
    run.windowEnd = run.windowStart + TimeUnit.SECONDS.toNanos(measure);
    for (int i = 0; i < WINDOW; i++) {
      run.send(System.nanoTime());
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(warm + measure));
    stop.set(true);
    long sendEnd = System.nanoTime();
    long lost = run.drain(60);
    double rate = run.inWindow.get() / (double) measure;
    JsonObject closed = run.result(start, sendEnd, lost, h.cpuSince(c0)).put("completedPerSecond", rate).put("window", WINDOW)
      .put("socketsClosedByServer", commands.serverClosedSockets.get() - closes0);
    h.awaitEmptyQueues(60);
    Bench.log(String.format("   closed loop: %.0f commands/s confirmed and delivered (202 %d, refused %d, lost %d), author p99 %s ms",
      rate, run.ok.get(), run.refused.get(), lost, closed.getJsonObject("authorMs").getDouble("p99")));
    section.put("closedLoop", closed);
    double offered = Math.max(50, Math.floor(rate * 0.9 / 50) * 50);
    JsonObject verify = commands.openLoop("open loop " + (int) offered + "/s (0.9 × max)", offered, h.options.secs(12), 90);
    boolean sustained = verify.getLong("lost") == 0 && verify.getLong("refused") == 0
      && verify.getDouble("lastEventAfterSendEndMs", 1e9) < 2000;
    verify.put("sustained", sustained);
    section.put("verification", verify);
    h.stopJfr(jfr, "commands", section);
    h.results.json.put("throughput", section);
    double best = sustained ? offered : rate;
    double ceiling = h.results.perftestRate;
    h.results.row("throughput", "max commands/s, all 202 and every event delivered (closed loop, " + WINDOW + " in flight)", rate,
      "cmd/s", rate / ceiling, "≥ 1.0 × PerfTest", lost == 0 && run.refused.get() == 0 && rate >= ceiling);
    h.results.row("throughput", "open-loop check at " + (int) offered + "/s: " + (sustained ? "sustained, nothing lost" : "NOT sustained")
      + ", e2e p99 other member", verify.getJsonObject("otherMs").getDouble("p99"), "ms", null, null, null);
    h.results.json.put("maxSustained", best);
  }
}
