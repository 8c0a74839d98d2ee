package dev.eventual.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The bench's options (docs/bench/README.md), parsed once. */
final class Options {
  static final List<String> SECTIONS = List.of("perftest", "latency", "throughput", "queries", "fanout", "connections", "replay", "scale", "tracing");

  String target;
  String amqpUri = "amqp://guest:guest@127.0.0.1:5672";
  boolean quick;
  Set<String> sections = new LinkedHashSet<>(SECTIONS);
  int sessionsTarget = 50_000;
  int replayEvents = 1_000_000;
  int fanoutMembers = 1_000;
  int partitions = 4;
  final List<String> nodeFlags = new ArrayList<>();

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--target" -> o.target = args[++i];
        case "--amqp" -> o.amqpUri = args[++i];
        case "--quick" -> o.quick = true;
        case "--sections" -> o.sections = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
        case "--sessions" -> o.sessionsTarget = Integer.parseInt(args[++i]);
        case "--replay-events" -> o.replayEvents = Integer.parseInt(args[++i]);
        case "--fanout-members" -> o.fanoutMembers = Integer.parseInt(args[++i]);
        case "--partitions" -> o.partitions = Integer.parseInt(args[++i]);
        case "--node-flag" -> o.nodeFlags.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
          + " (options: --target URL, --amqp URI, --quick, --sections a,b, --sessions N, --replay-events N,"
          + " --fanout-members N, --partitions N, --node-flag FLAG)");
      }
    }
    if (o.quick) {
      o.sessionsTarget = Math.min(o.sessionsTarget, 2_000);
      o.replayEvents = Math.min(o.replayEvents, 100_000);
      o.fanoutMembers = Math.min(o.fanoutMembers, 100);
    }
    return o;
  }

  /** A step's length: {@code full} seconds, a quarter of it (at least 2) in a quick run. */
  int secs(int full) {
    return quick ? Math.max(2, full / 4) : full;
  }

  boolean runs(String section) {
    return sections.contains(section);
  }

  /** Whether any section needs the node under test (replay and perftest start their own or none). */
  boolean needsNode() {
    return sections.stream().anyMatch(s -> List.of("latency", "throughput", "queries", "fanout", "connections").contains(s));
  }

  JsonObject toJson() {
    return new JsonObject().put("target", target).put("quick", quick).put("sections", new JsonArray(List.copyOf(sections)))
      .put("sessionsTarget", sessionsTarget).put("replayEvents", replayEvents).put("fanoutMembers", fanoutMembers)
      .put("partitions", partitions).put("nodeFlags", new JsonArray(nodeFlags));
  }
}
