package dev.eventual.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a run found: results.json's content, the figures' rows, and the three files written from them. */
final class Results {
  final JsonObject json = new JsonObject();
  private final JsonArray rows = new JsonArray();
  /** PerfTest's rate, the denominator of the "vs PerfTest" column; NaN when it did not run. */
  double perftestRate = Double.NaN;

  /** A section's details, or an empty object if it did not run. */
  JsonObject section(String name) {
    return json.getJsonObject(name, new JsonObject());
  }

  void row(String section, String figure, Double value, String unit, Double ratio, String target, Boolean met) {
    rows.add(new JsonObject().put("section", section).put("figure", figure).put("value", value == null || value.isNaN() ? null : value)
      .put("unit", unit).put("ratio", ratio == null || ratio.isNaN() || ratio.isInfinite() ? null : ratio).put("target", target).put("met", met));
  }

  void failed(String section, Throwable e) {
    if (!json.containsKey("errors")) {
      json.put("errors", new JsonObject());
    }
    json.getJsonObject("errors").put(section, String.valueOf(e));
  }

  void write(Path out, double durationSeconds) throws Exception {
    json.put("durationSeconds", durationSeconds).put("figures", rows).put("chartRates", chartRates());
    String table = Report.table(rows, false);
    System.out.println();
    System.out.println(table);
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.json"), json.encodePrettily() + "\n");
    Files.writeString(out.resolve("chart.svg"), Report.svg(json));
    StringBuilder md = new StringBuilder();
    md.append("# Eventual benchmark results\n\n")
      .append("Run ").append(json.getString("started")).append(", ").append(String.format("%.0f", json.getDouble("durationSeconds")))
      .append(" s. Command:\n\n```bash\n").append(json.getString("command")).append("\n```\n\n")
      .append("Machine: ").append(json.getJsonObject("machine").getString("summary")).append("\n\n")
      .append("PerfTest ceiling: ").append(section("perftest").getJsonObject("max", new JsonObject()).getString("args", "n/a"))
      .append(" (quorum queue, persistent messages, publisher confirms, 1 producer + 1 consumer in one JVM). ")
      .append("\"vs PerfTest\" is the figure divided by PerfTest's rate (for latencies: divided by PerfTest's p99 at 1,000 msg/s).\n\n")
      .append(Report.table(rows, true)).append("\n![chart](chart.svg)\n\nDetails (per-step percentiles, CPU of node / bench / RabbitMQ, JFR summaries): results.json.\n");
    if (json.containsKey("errors")) {
      md.append("\nSections that failed: `").append(json.getJsonObject("errors").encode()).append("`\n");
    }
    Files.writeString(out.resolve("results.md"), md.toString());
    Bench.log("wrote " + out.resolve("results.json") + ", results.md, chart.svg");
  }

  private JsonArray chartRates() {
    JsonArray bars = new JsonArray();
    bars.add(new JsonObject().put("label", "PerfTest quorum (ceiling)").put("value", perftestRate).put("ceiling", true));
    bars.add(new JsonObject().put("label", "commands/s (max, e2e)").put("value", section("throughput")
      .getJsonObject("closedLoop", new JsonObject()).getDouble("completedPerSecond", 0.0)));
    double bestFan = 0;
    for (Object o : section("fanout").getJsonArray("steps", new JsonArray())) {
      bestFan = Math.max(bestFan, ((JsonObject) o).getDouble("deliveriesPerSecond", 0.0));
    }
    bars.add(new JsonObject().put("label", "fan-out deliveries/s").put("value", bestFan));
    bars.add(new JsonObject().put("label", "replay events/s").put("value", section("replay").getDouble("eventsPerSecond", 0.0)));
    bars.add(new JsonObject().put("label", "GET list req/s").put("value", section("queries").getDouble("requestsPerSecond", 0.0)));
    bars.add(new JsonObject().put("label", "stream writes/s (bench)").put("value", section("replay").getDouble("writesPerSecond", 0.0)));
    return bars;
  }

  static JsonObject machine() {
    JsonObject m = new JsonObject().put("nproc", Runtime.getRuntime().availableProcessors())
      .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("free -g", shell("free", "-g")).put("java -version", shell(System.getProperty("java.home") + "/bin/java", "-version"))
      .put("rabbitmq", shell("rabbitmqctl", "version").trim()).put("uname", shell("uname", "-srm").trim());
    m.put("summary", "nproc " + m.getInteger("nproc") + ", " + firstMemLine(m.getString("free -g")) + ", "
      + m.getString("java -version").split("\n")[0].trim() + ", RabbitMQ " + m.getString("rabbitmq") + ", " + m.getString("uname"));
    return m;
  }

  private static String firstMemLine(String free) {
    for (String l : free.split("\n")) {
      if (l.startsWith("Mem:")) {
        return "memory " + l.trim().split("\\s+")[1] + " GiB total";
      }
    }
    return "memory ?";
  }

  static String shell(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return s;
    } catch (Exception e) {
      return "unavailable: " + e.getMessage();
    }
  }
}
