package dev.eventual.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.support.NodeProcess;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fresh node rebuilding its read model from a stream of 1,000,000 events written straight into it. */
final class Replay {
  private static final int PER_LIST = 100;
  private final Harness h;

  Replay(Harness h) {
    this.h = h;
  }

  void run() throws Exception {
    String ns = h.ns + "-replay";
    int events = h.options.replayEvents;
    JsonObject section = new JsonObject().put("namespace", ns).put("events", events);
    try {
      int listCount = Math.max(1, events / PER_LIST);
      section.put("lists", listCount).put("eventsPerList", PER_LIST).put("shape", "1 ListCreated + 99 TodoAdded per list, lists interleaved");
      long t = System.nanoTime();
      long written = writeEvents(ns + ".events", listCount);
      double writeSeconds = (System.nanoTime() - t) / 1e9;
      section.put("written", written).put("writeSeconds", writeSeconds).put("writesPerSecond", written / writeSeconds);
      Bench.log(String.format("   wrote %d events into %s.events in %.1f s (%.0f/s, persistent, confirms in batches)", written, ns,
        writeSeconds, written / writeSeconds));
      Path jfrFile = h.work.resolve("replay.jfr").toAbsolutePath();
      try (NodeProcess b = h.launch(ns, List.of("-Xmx3g", "-XX:+UseG1GC", "-XX:StartFlightRecording=name=replay,settings=profile"),
        "--partitions", String.valueOf(h.options.partitions))) {
        Cpu c1 = Cpu.sample(b.pid(), h.brokerPid);
        NodeProcess.Line connected = b.await(l -> l.contains("eventual-eventlog") && l.contains("connected to RabbitMQ"), 120);
        NodeProcess.Line caught = b.await(l -> l.contains("read model caught up"), 300);
        if (connected == null || caught == null) {
          throw new IllegalStateException("replay node did not catch up; log " + b.log);
        }
        Matcher m = Pattern.compile("caught up: (\\d+) events folded").matcher(caught.text());
        long folded = m.find() ? Long.parseLong(m.group(1)) : written;
        double seconds = (caught.nanos() - connected.nanos()) / 1e9;
        double rate = folded / seconds;
        JsonObject cpu = c1.since(b.pid(), h.brokerPid);
        b.jcmd("JFR.dump", "name=replay", "filename=" + jfrFile);
        long heap = b.heapAfterGc();
        section.put("folded", folded).put("foldSeconds", seconds).put("eventsPerSecond", rate)
          .put("startToCaughtUpSeconds", (caught.nanos() - b.startedNanos) / 1e9).put("cpu", cpu)
          .put("heapAfterBytes", heap).put("heapPerEventBytes", heap / (double) folded)
          .put("logLine", caught.text()).put("profile", Profile.summarise(jfrFile, 15));
        b.awaitReady(60);
        Bench.log(String.format("   folded %d events in %.2f s: %.0f events/s (node start to caught-up %.1f s); heap %d MB",
          folded, seconds, rate, section.getDouble("startToCaughtUpSeconds"), heap >> 20));
        h.results.row("replay", "events/s folded while rebuilding from " + folded + " events", rate, "events/s",
          rate / h.results.perftestRate, "≥ 200,000/s", rate >= 200_000);
        h.results.row("replay", "heap after replay (full GC) per event", heap / (double) folded, "B", null, null, null);
      }
    } finally {
      h.deleteNamespace(ns);
      h.results.json.put("replay", section);
    }
  }

  /** Writes the events as the processor would, in batches of 5,000 confirmed by the broker. */
  private long writeEvents(String stream, int listCount) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(h.options.amqpUri);
    String actor = UUID.randomUUID().toString();
    String at = Instant.now().toString();
    String[] listIds = new String[listCount];
    for (int i = 0; i < listCount; i++) {
      listIds[i] = UUID.randomUUID().toString();
    }
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("application/json").build();
    long count = 0;
    try (Connection c = f.newConnection("eventual-bench-replay-writer"); Channel ch = c.createChannel()) {
      ch.queueDeclare(stream, true, false, false, Map.of("x-queue-type", "stream"));
      ch.confirmSelect();
      int batch = 0;
      for (int v = 1; v <= PER_LIST; v++) {
        for (int l = 0; l < listCount; l++) {
          StringBuilder sb = new StringBuilder(360).append("{\"eventId\":\"").append(UUID.randomUUID())
            .append("\",\"type\":\"").append(v == 1 ? "ListCreated" : "TodoAdded").append("\",\"listId\":\"").append(listIds[l])
            .append("\",\"version\":").append(v).append(",\"commandId\":\"").append(UUID.randomUUID()).append("\",\"actor\":\"").append(actor)
            .append("\",\"audience\":[\"").append(actor).append("\"],\"at\":\"").append(at).append("\",\"payload\":{");
          if (v == 1) {
            sb.append("\"name\":\"list ").append(l).append("\"}}");
          } else {
            sb.append("\"todoId\":\"").append(UUID.randomUUID()).append("\",\"text\":\"todo ").append(v).append(" of list ").append(l).append("\"}}");
          }
          ch.basicPublish("", stream, props, sb.toString().getBytes(StandardCharsets.UTF_8));
          count++;
          if (++batch == 5_000) {
            ch.waitForConfirmsOrDie(60_000);
            batch = 0;
          }
        }
      }
      ch.waitForConfirmsOrDie(60_000);
    }
    return count;
  }
}
