package dev.eventual.bench;

import dev.eventual.domain.Command;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 10: partitions over every processor instance of every JVM. Three nodes of two instances share twelve
 * partitions: the spread after start, after a kill -9 and after a join, the time to re-balance, the gap until a dead
 * or frozen node's partitions decide elsewhere, fences taken while membership stays put under load, and the
 * throughput of one node with one instance against two nodes with two each (on this 2-core box they share the
 * same cores). The broker-node kill of a RabbitMQ cluster is measured by ClusterFailoverTest (a test, with counts).
 */
final class Scale {
  private static final int PARTITIONS = 12;
  private final Harness h;
  private final String ns;

  Scale(Harness h) {
    this.h = h;
    this.ns = h.ns + "-scale";
  }

  void run() throws Exception {
    JsonObject section = new JsonObject();
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(start(ns, 2));
      }
      long even = awaitEven(nodes, 6, 60);
      section.put("afterStart", spread(nodes)).put("evenAfterStartMs", even);
      Api api = new Api(nodes.get(0).port);
      User ana = api.signup("scale-" + UUID.randomUUID().toString().substring(0, 6));
      List<String> lists = listsInEveryPartition(api, ana);

      NodeProcess victim = nodes.remove(2);
      victim.kill();
      long killed = System.nanoTime();
      section.put("failoverKillMs", decideEverywhere(api, ana, lists, killed));
      section.put("evenAfterKillMs", awaitEven(nodes, 4, 30)).put("afterKill", spread(nodes));

      nodes.add(start(ns, 2));
      section.put("evenAfterJoinMs", awaitEven(nodes, 6, 30)).put("afterJoin", spread(nodes));

      NodeProcess frozen = nodes.get(1);
      signal(frozen, "STOP");
      long stopped = System.nanoTime();
      section.put("failoverStopMs", decideEverywhere(api, ana, lists, stopped));
      signal(frozen, "CONT");
      awaitEven(nodes, 6, 30);

      long fencesBefore = fences(nodes);
      int minutes = h.options.quick ? 1 : 5;
      JsonObject steady = load(new AsyncApi(h.vertx, "127.0.0.1", nodes.get(0).port, 64), ana, lists, 1_000, minutes * 60);
      steady.put("fencesTaken", fences(nodes) - fencesBefore).put("afterLoad", spread(nodes));
      section.put("fixedMembership", steady);
    } finally {
      for (NodeProcess n : nodes) {
        n.close();
      }
      h.deleteNamespace(ns, PARTITIONS);
    }
    section.put("throughput1x1", throughput(1, 1)).put("throughput2x2", throughput(2, 2));
    h.results.json.put("scale", section);
    Bench.log("   scale: " + section.encode());
    h.results.row("scale", "3 nodes x 2 instances, 12 partitions: active per instance after start / kill -9 / join",
      null, section.getJsonArray("afterStart") + " / " + section.getJsonArray("afterKill") + " / " + section.getJsonArray("afterJoin"),
      null, "max - min <= 1", true);
    h.results.row("scale", "even again after a kill -9 / after a join (ms)", (double) section.getLong("evenAfterKillMs"),
      "ms; join " + section.getLong("evenAfterJoinMs") + " ms", null, "<= 10 s", section.getLong("evenAfterKillMs") <= 10_000
        && section.getLong("evenAfterJoinMs") <= 10_000);
    h.results.row("scale", "a dead node's partitions decide elsewhere after kill -9 / SIGSTOP", (double) section.getLong("failoverKillMs"),
      "ms; SIGSTOP " + section.getLong("failoverStopMs") + " ms", null, "1 s / 5 s",
      section.getLong("failoverKillMs") <= 1_000 && section.getLong("failoverStopMs") <= 5_000);
    JsonObject steady = section.getJsonObject("fixedMembership");
    h.results.row("scale", "fences taken in " + steady.getInteger("seconds") + " s at " + steady.getInteger("rate")
      + " commands/s, membership fixed", (double) steady.getLong("fencesTaken"), "fences", null, "0", steady.getLong("fencesTaken") == 0);
    double one = section.getJsonObject("throughput1x1").getDouble("decidedPerSecond");
    double four = section.getJsonObject("throughput2x2").getDouble("decidedPerSecond");
    h.results.row("scale", "commands/s decided, 1 node x 1 instance vs 2 nodes x 2 instances (2 cores in all)", one,
      "cmd/s; 2x2 " + Math.round(four) + " cmd/s", four / one, null, null);
  }

  private NodeProcess start(String namespace, int instances) throws Exception {
    NodeProcess node = h.launch(namespace, List.of("-Xmx512m"), "--processor.instances", String.valueOf(instances),
      "--partitions", String.valueOf(PARTITIONS));
    node.awaitReady(120);
    return node;
  }

  /** One command per list through a live node, each waited for; the ms from {@code since} until the last decided. */
  private long decideEverywhere(Api api, User user, List<String> lists, long since) throws Exception {
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (String listId : lists) {
      answers.add(CompletableFuture.supplyAsync(() -> api.command(user, "POST", "/api/lists/" + listId + "/todos",
        new JsonObject().put("text", "failover").encode(), "Prefer", "wait=30").status()));
    }
    for (var a : answers) {
      if (a.get(60, TimeUnit.SECONDS) != 201) {
        throw new IllegalStateException("a command was not decided during the failover");
      }
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  /** Each instance's active partitions, counted, over every node. */
  private static JsonArray spread(List<NodeProcess> nodes) {
    List<Integer> counts = new ArrayList<>();
    instances(nodes).values().forEach(active -> counts.add(active.size()));
    counts.sort(null);
    return new JsonArray(counts);
  }

  private static Map<String, List<Object>> instances(List<NodeProcess> nodes) {
    Map<String, List<Object>> all = new HashMap<>();
    for (NodeProcess node : nodes) {
      for (Object o : node.management.get(null, "/health").json().getJsonArray("instances")) {
        JsonObject i = (JsonObject) o;
        all.put(i.getString("instance"), i.getJsonArray("activePartitions").getList());
      }
    }
    return all;
  }

  private static long awaitEven(List<NodeProcess> nodes, int count, int seconds) throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
      Map<String, List<Object>> seen = instances(nodes);
      List<Object> all = new ArrayList<>();
      seen.values().forEach(all::addAll);
      int max = seen.values().stream().mapToInt(List::size).max().orElse(0);
      int min = seen.values().stream().mapToInt(List::size).min().orElse(0);
      if (seen.size() == count && all.size() == PARTITIONS && all.stream().distinct().count() == PARTITIONS && max - min <= 1) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("partitions not even within " + seconds + " s: " + instances(nodes));
  }

  private static long fences(List<NodeProcess> nodes) {
    long sum = 0;
    for (NodeProcess node : nodes) {
      String metrics = node.management.get(null, "/metrics").body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("eventual_processor_fences_total")) {
          sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  private static List<String> listsInEveryPartition(Api api, User user) {
    Map<Integer, String> byPartition = new HashMap<>();
    for (int i = 0; byPartition.size() < PARTITIONS && i < 64 * PARTITIONS; i++) {
      String listId = api.createList(user, "scale " + i);
      byPartition.putIfAbsent(Command.partition(listId, PARTITIONS), listId);
    }
    return new ArrayList<>(byPartition.values());
  }

  /** An open loop of fire-and-forget commands at {@code rate}/s for {@code seconds}: how many 202, how many not. */
  private JsonObject load(AsyncApi api, User user, List<String> lists, int rate, int seconds) throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong other = new AtomicLong();
    long sent = 0;
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (long n = 0; System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds); n++) {
      long due = start + n * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String listId = lists.get((int) (n % lists.size()));
      sent++;
      api.addTodo(user, UUID.randomUUID().toString(), listId, "steady " + n).onComplete(ar -> {
        if (ar.succeeded() && ar.result().status() == 202) {
          ok.incrementAndGet();
        } else {
          other.incrementAndGet();
        }
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ok.get() + other.get() < sent && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return new JsonObject().put("rate", rate).put("seconds", seconds).put("sent", sent).put("accepted", ok.get())
      .put("notAccepted", other.get());
  }

  /** A closed loop of 128 commands in flight, each waited for until decided, for 10 s (3 s in a quick run). */
  private JsonObject throughput(int nodeCount, int instances) throws Exception {
    String space = h.ns + "-tp" + nodeCount + "x" + instances;
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(start(space, instances));
      }
      awaitEven(nodes, nodeCount * instances, 60);
      Api api = new Api(nodes.get(0).port);
      User user = api.signup("tp-" + UUID.randomUUID().toString().substring(0, 6));
      List<String> lists = listsInEveryPartition(api, user);
      List<AsyncApi> clients = new ArrayList<>();
      for (NodeProcess n : nodes) {
        clients.add(new AsyncApi(h.vertx, "127.0.0.1", n.port, 64));
      }
      AtomicLong decided = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(h.options.secs(10));
      List<Future<Void>> loops = new ArrayList<>();
      for (int i = 0; i < 128; i++) {
        loops.add(loop(clients.get(i % clients.size()), user, lists.get(i % lists.size()), end, decided));
      }
      long t0 = System.nanoTime();
      Future.all(loops).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new JsonObject().put("nodes", nodeCount).put("instances", instances).put("decided", decided.get())
        .put("decidedPerSecond", decided.get() / seconds);
    } finally {
      for (NodeProcess n : nodes) {
        n.close();
      }
      h.deleteNamespace(space, PARTITIONS);
    }
  }

  private Future<Void> loop(AsyncApi api, User user, String listId, long end, AtomicLong decided) {
    if (System.nanoTime() > end) {
      return Future.succeededFuture();
    }
    return api.command(user, UUID.randomUUID().toString(), "POST", "/api/lists/" + listId + "/todos",
        new JsonObject().put("text", "tp").encode(), "Prefer", "wait=30")
      .compose(r -> {
        if (r.status() == 201) {
          decided.incrementAndGet();
        }
        return loop(api, user, listId, end, decided);
      });
  }

  private static void signal(NodeProcess node, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).start().waitFor();
  }
}
