package dev.eventual.bench;

import io.vertx.core.json.JsonObject;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The broker's own ceiling on this box: RabbitMQ PerfTest through one quorum queue, flat out and at 1,000 msg/s. */
final class Perftest {
  private static final Pattern SEND = Pattern.compile("sending rate avg: (\\d+) msg/s");
  private static final Pattern RECV = Pattern.compile("receiving rate avg: (\\d+) msg/s");
  private static final Pattern LAT = Pattern.compile("consumer latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+)");
  private static final Pattern CONF = Pattern.compile("confirm latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+)");

  private final Harness h;

  Perftest(Harness h) {
    this.h = h;
  }

  void run() throws Exception {
    String queue = h.ns + ".perftest";
    JsonObject pt = new JsonObject().put("queue", queue).put("queueType", "quorum")
      .put("flags", "-x 1 -y 1 -f persistent -c 100 --quorum-queue (publisher confirms, window 100)");
    try {
      JsonObject max = perfTest(queue, "-z", String.valueOf(h.options.secs(15)));
      pt.put("max", max);
      JsonObject at1000 = perfTest(queue, "-z", String.valueOf(h.options.secs(10)), "-r", "1000");
      pt.put("at1000", at1000);
      h.results.perftestRate = max.getDouble("sendRate", Double.NaN);
      h.results.row("ceiling", "PerfTest 1 producer → quorum queue → 1 consumer, persistent + confirms", h.results.perftestRate,
        "msg/s", 1.0, null, null);
      h.results.row("ceiling", "PerfTest consumer latency p99 at 1,000 msg/s", at1000.getDouble("p99Ms"), "ms", null, null, null);
    } finally {
      h.amqp(ch -> ch.queueDelete(queue));
    }
    h.results.json.put("perftest", pt);
  }

  private JsonObject perfTest(String queue, String... extra) throws Exception {
    // PerfTest configures logback itself, so the bench's slf4j-simple must not be on its class path.
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
      .filter(e -> !e.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-cp", cp,
      "com.rabbitmq.perf.PerfTest", "-h", h.options.amqpUri, "-x", "1", "-y", "1", "-f", "persistent", "-c", "100",
      "--quorum-queue", "--queue", queue));
    cmd.addAll(List.of(extra));
    Bench.log("   " + String.join(" ", cmd.subList(4, cmd.size())));
    Cpu c0 = h.cpu();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    Files.writeString(h.work.resolve("perftest-" + (extra.length > 2 ? "rate" : "max") + ".log"), output);
    JsonObject r = new JsonObject().put("args", String.join(" ", cmd.subList(4, cmd.size()))).put("cpu", h.cpuSince(c0));
    Matcher m = SEND.matcher(output);
    if (m.find()) {
      r.put("sendRate", Double.parseDouble(m.group(1)));
    }
    m = RECV.matcher(output);
    if (m.find()) {
      r.put("receiveRate", Double.parseDouble(m.group(1)));
    }
    m = LAT.matcher(output);
    if (m.find()) {
      r.put("p50Ms", Long.parseLong(m.group(2)) / 1000.0).put("p95Ms", Long.parseLong(m.group(4)) / 1000.0)
        .put("p99Ms", Long.parseLong(m.group(5)) / 1000.0);
    }
    m = CONF.matcher(output);
    if (m.find()) {
      r.put("confirmP50Ms", Long.parseLong(m.group(2)) / 1000.0).put("confirmP99Ms", Long.parseLong(m.group(5)) / 1000.0);
    }
    Bench.log("   PerfTest " + r.encode());
    return r;
  }
}
