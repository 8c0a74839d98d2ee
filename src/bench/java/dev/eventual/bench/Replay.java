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
    Path snapshots = h.work.resolve("snapshots").toAbsolutePath();
    try {
      int listCount = Math.max(1, events / PER_LIST);
      section.put("lists", listCount).put("eventsPerList", PER_LIST).put("shape", "1 ListCreated + 99 TodoAdded per list, lists interleaved");
      long t = System.nanoTime();
      long written = writeEvents(ns + ".events", listCount);
      double writeSeconds = (System.nanoTime() - t) / 1e9;
      section.put("written", written).put("writeSeconds", writeSeconds).put("writesPerSecond", written / writeSeconds);
      Bench.log(String.format("   wrote %d events into %s.events in %.1f s (%.0f/s, persistent, confirms in batches)", written, ns,
        writeSeconds, written / writeSeconds));
      double transport = streamAlone(ns, written);
      section.put("streamTransportAlonePerSecond", transport);
      Bench.log(String.format("   the stream transport alone (the node's client, no fold): %.0f entries/s", transport));
      h.results.row("replay", "stream transport alone: entries/s read, nothing folded", transport, "entries/s", null, null, null);
      long liveTodos = (long) listCount * (PER_LIST - 1);
      Path jfrFile = h.work.resolve("replay.jfr").toAbsolutePath();
      try (NodeProcess b = h.launch(ns, List.of("-Xmx3g", "-XX:+UseG1GC", "-XX:StartFlightRecording=name=replay,settings=profile"),
        "--partitions", String.valueOf(h.options.partitions), "--snapshot.dir", snapshots.toString())) {
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
        // Having caught up on more than snapshot.everyEvents, the node writes a snapshot at once.
        NodeProcess.Line snapshotLine = b.await(l -> l.contains("snapshot written at cursor"), 300);
        if (snapshotLine == null) {
          throw new IllegalStateException("replay node wrote no snapshot; log " + b.log);
        }
        Matcher w = Pattern.compile("(\\d+) bytes, in (\\d+) ms \\(the fold paused (\\d+) µs").matcher(snapshotLine.text());
        if (w.find()) {
          section.put("snapshot", new JsonObject().put("bytes", Long.parseLong(w.group(1))).put("writeMs", Long.parseLong(w.group(2)))
            .put("foldPauseMicros", Long.parseLong(w.group(3))).put("logLine", snapshotLine.text()));
          Bench.log(String.format("   snapshot of %d events: %d MB written in %s ms, the fold paused %.1f ms", folded,
            Long.parseLong(w.group(1)) >> 20, w.group(2), Long.parseLong(w.group(3)) / 1000.0));
          h.results.row("replay", "fold paused while a snapshot is taken", Long.parseLong(w.group(3)) / 1000.0, "ms", null,
            "≤ 50 ms", Long.parseLong(w.group(3)) <= 50_000);
        }
        long heap = b.heapAfterGc();
        section.put("folded", folded).put("foldSeconds", seconds).put("eventsPerSecond", rate)
          .put("startToCaughtUpSeconds", (caught.nanos() - b.startedNanos) / 1e9).put("cpu", cpu)
          .put("heapAfterBytes", heap).put("heapPerEventBytes", heap / (double) folded)
          .put("logLine", caught.text()).put("profile", Profile.summarise(jfrFile, 15));
        b.awaitReady(60);
        NodeProcess.Line up = b.await(l -> l.contains("Eventual is up on"), 1);
        double readySeconds = up == null ? Double.NaN : (up.nanos() - b.startedNanos) / 1e9;
        section.put("readySeconds", readySeconds);
        h.results.row("replay", "node start to ready (HTTP up) on " + written + " events, full replay", readySeconds, "s", null, null, null);
        Bench.log(String.format("   folded %d events in %.2f s: %.0f events/s (node start to caught-up %.1f s); heap %d MB",
          folded, seconds, rate, section.getDouble("startToCaughtUpSeconds"), heap >> 20));
        h.results.row("replay", "events/s folded while rebuilding from " + folded + " events", rate, "events/s",
          rate / h.results.perftestRate, "≥ 200,000/s", rate >= 200_000);
        h.results.row("replay", "heap after replay (full GC) per event", heap / (double) folded, "B", null, null, null);
      }
      // The same log again, on a node that starts from that snapshot.
      try (NodeProcess c = h.launch(ns, List.of("-Xmx3g", "-XX:+UseG1GC"), "--partitions", String.valueOf(h.options.partitions),
        "--snapshot.dir", snapshots.toString())) {
        NodeProcess.Line caught = c.await(l -> l.contains("read model caught up"), 300);
        NodeProcess.Line restored = c.await(l -> l.contains("read model restored from snapshot"), 1);
        if (caught == null || restored == null) {
          throw new IllegalStateException("node did not start from the snapshot; log " + c.log);
        }
        double startSeconds = (caught.nanos() - c.startedNanos) / 1e9;
        c.awaitReady(60);
        NodeProcess.Line up = c.await(l -> l.contains("Eventual is up on"), 1);
        double readySeconds = up == null ? Double.NaN : (up.nanos() - c.startedNanos) / 1e9;
        long heap = c.heapAfterGc();
        section.put("fromSnapshotReadySeconds", readySeconds).put("heapPerLiveTodoBytes", heap / (double) liveTodos);
        h.results.row("replay", "node start to ready (HTTP up) on the same log, from a snapshot", readySeconds, "s", null,
          "≤ 2 s", readySeconds <= 2);
        h.results.row("replay", "heap after a start from a snapshot per live todo", heap / (double) liveTodos, "B", null, null, null);
        section.put("fromSnapshot", new JsonObject().put("startToCaughtUpSeconds", startSeconds).put("heapAfterBytes", heap)
          .put("logLine", restored.text()));
        Bench.log(String.format("   from the snapshot: node start to caught-up %.1f s (full replay %.1f s); heap %d MB",
          startSeconds, section.getDouble("startToCaughtUpSeconds"), heap >> 20));
        h.results.row("replay", "node start to caught up on " + written + " events, from a snapshot", startSeconds, "s",
          null, "faster than a full replay", startSeconds < section.getDouble("startToCaughtUpSeconds"));
        h.results.row("replay", "heap after a start from a snapshot (full GC) per event", heap / (double) written, "B", null, null, null);
      }
    } finally {
      h.deleteNamespace(ns);
      dev.eventual.support.Namespace.deleteFolder(snapshots);
      h.results.json.put("replay", section);
    }
  }

  /** Reads the whole stream with the node's stream client and codec, folding nothing: the transport's own rate. */
  private double streamAlone(String ns, long expected) throws Exception {
    dev.eventual.config.Settings settings = dev.eventual.config.Settings.from(new JsonObject().put("namespace", ns)
      .put("amqp.uri", h.options.amqpUri));
    try (com.rabbitmq.stream.Environment environment = dev.eventual.broker.StreamEnvironment.connect(settings, "eventual-bench-stream-alone")) {
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
      long t = System.nanoTime();
      com.rabbitmq.stream.Consumer consumer = environment.consumerBuilder().stream(settings.eventStream())
        .offset(com.rabbitmq.stream.OffsetSpecification.first()).noTrackingStrategy()
        .messageHandler((context, message) -> {
          if (message.getBodyAsBinary().length > 0 && read.incrementAndGet() == expected) {
            done.countDown();
          }
        }).build();
      if (!done.await(300, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("read only " + read.get() + " of " + expected + " entries");
      }
      double seconds = (System.nanoTime() - t) / 1e9;
      consumer.close();
      return expected / seconds;
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
