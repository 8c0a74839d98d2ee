package dev.eventual.bench;

import io.vertx.core.json.JsonObject;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;

/**
 * The benchmark of issue 5. Run it with {@code mvn -q -B -Pbench verify -DskipTests} (see docs/bench/README.md).
 *
 * <p>It starts its own Eventual node as a child JVM from target/eventual.jar in a namespace of its own (or drives
 * {@code --target http://host:port}), drives it through its real protocols only — HTTP commands and SockJS raw
 * WebSocket sessions — and measures, beside a RabbitMQ PerfTest run on the same box, one section each: open-loop
 * end-to-end latency, the highest sustained throughput with nothing lost, list queries, 1,000-member fan-out, idle
 * sessions and heap per session, and the replay rate of a 1,000,000-event stream. Results go to docs/bench/
 * (results.json, results.md, chart.svg); node logs and JFR recordings to $TMPDIR/eventual-bench/.
 */
public final class Bench {
  private Bench() {
  }

  public static void main(String[] args) throws Exception {
    preloadOwnClasses();
    Options options = Options.parse(args);
    int code = 0;
    try {
      run(options);
    } catch (Throwable t) {
      t.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  /**
   * Loads every class of the bench and of the test support it uses now: they run from target/test-classes, which a
   * concurrent build of the same tree may recompile (and empty) while the bench is running.
   */
  private static void preloadOwnClasses() throws Exception {
    String where = Bench.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    for (String pkg : new String[] {"dev.eventual.bench", "dev.eventual.support"}) {
      String[] names = new File(where, pkg.replace('.', '/')).list((d, n) -> n.endsWith(".class"));
      for (String n : names == null ? new String[0] : names) {
        Class.forName(pkg + "." + n.substring(0, n.length() - ".class".length()), true, Bench.class.getClassLoader());
      }
    }
  }

  private static void run(Options options) throws Exception {
    long t0 = System.nanoTime();
    Harness h = new Harness(options);
    h.prepare(System.getProperty("bench.jar", "target/eventual.jar"));
    h.results.json.put("started", Instant.now().toString()).put("namespace", h.ns).put("workDir", h.work.toString())
      .put("machine", Results.machine())
      .put("command", "mvn -q -B -Pbench verify -DskipTests" + System.getProperty("bench.cmdline", ""))
      .put("options", options.toJson());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (h.node != null) {
          h.node.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }));
    Commands commands = new Commands(h);
    try {
      if (options.runs("perftest")) {
        section(h, "perftest", () -> new Perftest(h).run());
      }
      if (options.needsNode()) {
        section(h, "node", h::startNode);
      }
      if (options.needsNode() && h.api != null) {
        section(h, "setup", commands::setup);
        if (options.runs("latency")) {
          section(h, "latency", () -> new Latency(h, commands).run());
        }
        if (options.runs("throughput")) {
          section(h, "throughput", () -> new Throughput(h, commands).run());
        }
        if (options.runs("queries")) {
          section(h, "queries", () -> new Queries(h, commands).run());
        }
        if (options.runs("fanout")) {
          section(h, "fanout", () -> new Fanout(h).run());
        }
        if (options.runs("connections")) {
          section(h, "connections", () -> new Connections(h).run());
        }
        commands.stopReconnecting();
        h.stopNode();
      }
      if (options.runs("tracing")) {
        section(h, "tracing", () -> new TracingCost(h).run());
      }
      if (options.runs("replay")) {
        section(h, "replay", () -> new Replay(h).run());
      }
      if (options.runs("scale")) {
        section(h, "scale", () -> new Scale(h).run());
      }
    } finally {
      commands.stopReconnecting();
      h.close();
      h.results.write(Path.of(System.getProperty("bench.out", "docs/bench")), (System.nanoTime() - t0) / 1e9);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void section(Harness h, String name, Step step) {
    log("== " + name);
    long t = System.nanoTime();
    try {
      step.run();
    } catch (Throwable e) {
      log("!! section " + name + " failed: " + e);
      e.printStackTrace();
      h.results.failed(name, e);
    }
    log("   (" + Math.round((System.nanoTime() - t) / 1e9) + " s)");
  }

  static void log(String s) {
    System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + s);
    System.out.flush();
  }
}
