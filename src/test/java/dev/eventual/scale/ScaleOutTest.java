package dev.eventual.scale;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partitions spread over every processor instance of every JVM (issue 10): three JVMs of two instances each share
 * twelve partitions two apiece; a JVM killed or joining is balanced out again; RabbitMQ has exactly one active
 * consumer per partition queue throughout.
 */
class ScaleOutTest {
  static final int PARTITIONS = 12;

  @Test
  @DisplayName("3 JVMs x 2 instances x 12 partitions: 2 each; a kill -9 and a join are even again within 10 s; one active consumer per queue")
  void balance() throws Exception {
    String ns = TestNode.namespace();
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(start(ns));
      }
      awaitEven(nodes, 6, 30);
      assertThat(instances(nodes).values()).allMatch(active -> active.size() == 2);
      assertOneActiveConsumerPerQueue(ns, 6);

      User ana = nodes.get(0).api.signup(Api.uniqueName("ana"));
      List<String> lists = listsInEveryPartitionOf(nodes.get(0).api, ana, PARTITIONS, 1);
      NodeProcess victim = nodes.remove(2);
      victim.kill();
      long killed = System.nanoTime();
      // Commands for the dead node's partitions are decided elsewhere at once: SAC hands them to the next in line.
      for (String listId : lists) {
        assertThat(nodes.get(0).api.command(ana, "POST", "/api/lists/" + listId + "/todos",
          new JsonObject().put("text", "after the kill").encode(), "Prefer", "wait=10").status()).isEqualTo(201);
      }
      long evenAfterKill = awaitEven(nodes, 4, 10);
      System.out.printf("all partitions decided again %d ms after the kill; even again after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), evenAfterKill);
      assertOneActiveConsumerPerQueue(ns, 4);

      nodes.add(start(ns));
      long evenAfterJoin = awaitEven(nodes, 6, 10);
      System.out.printf("even again %d ms after the new JVM was ready%n", evenAfterJoin);
      assertThat(instances(nodes).values()).allMatch(active -> active.size() == 2);
      assertOneActiveConsumerPerQueue(ns, 6);
    } finally {
      for (NodeProcess node : nodes) {
        node.close();
      }
      Namespace.delete(ns, "amqp://guest:guest@localhost:5672", PARTITIONS);
    }
  }

  @Test
  @DisplayName("SIGSTOP of a node: its partitions decide on the other within 5 s; thawed, it takes its share back, nothing applied twice")
  void frozen() throws Exception {
    String ns = TestNode.namespace();
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      nodes.add(start(ns));
      nodes.add(start(ns));
      awaitEven(nodes, 4, 30);
      User ana = nodes.get(0).api.signup(Api.uniqueName("ana"));
      List<String> lists = listsInEveryPartitionOf(nodes.get(0).api, ana, PARTITIONS, 1);
      NodeProcess frozen = nodes.get(1);
      signal(frozen, "STOP");
      long stopped = System.nanoTime();
      List<java.util.concurrent.CompletableFuture<Integer>> answers = new ArrayList<>();
      for (String listId : lists) {
        answers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> nodes.get(0).api.command(ana, "POST",
          "/api/lists/" + listId + "/todos", new JsonObject().put("text", "while frozen").encode(), "Prefer", "wait=20").status()));
      }
      for (var answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(201);
      }
      long movedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
      System.out.printf("every partition decided again %d ms after SIGSTOP%n", movedMs);
      assertThat(movedMs).as("ms until the frozen node's partitions decide elsewhere").isLessThanOrEqualTo(5_000);
      signal(frozen, "CONT");
      awaitEven(nodes, 4, 30);
      for (String listId : lists) {
        JsonObject view = nodes.get(1).api.listAtVersion(ana, listId, 2);
        assertThat(view.getJsonArray("todos").size()).as("todos of " + listId).isEqualTo(1);
      }
    } finally {
      for (NodeProcess node : nodes) {
        signal(node, "CONT");
        node.close();
      }
      Namespace.delete(ns, "amqp://guest:guest@localhost:5672", PARTITIONS);
    }
  }

  static void signal(NodeProcess node, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).start().waitFor()).isZero();
  }

  static NodeProcess start(String ns) throws Exception {
    return NodeProcess.start(ns, "--processor.instances", "2", "--partitions", String.valueOf(PARTITIONS));
  }

  /** Each instance of each node and the partitions it is active on, from every node's {@code /health}. */
  static Map<String, List<Object>> instances(List<NodeProcess> nodes) {
    Map<String, List<Object>> all = new HashMap<>();
    for (NodeProcess node : nodes) {
      JsonArray instances = node.management.get(null, "/health").json().getJsonArray("instances");
      for (Object o : instances) {
        JsonObject i = (JsonObject) o;
        all.put(i.getString("instance"), i.getJsonArray("activePartitions").getList());
      }
    }
    return all;
  }

  /**
   * Waits until {@code count} instances together are active on every partition once, each on its fair share
   * (max - min <= 1); returns how long that took, in ms.
   */
  static long awaitEven(List<NodeProcess> nodes, int count, int seconds) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    Map<String, List<Object>> seen = Map.of();
    while (System.nanoTime() < deadline) {
      seen = instances(nodes);
      List<Object> all = new ArrayList<>();
      seen.values().forEach(all::addAll);
      int max = seen.values().stream().mapToInt(List::size).max().orElse(0);
      int min = seen.values().stream().mapToInt(List::size).min().orElse(0);
      if (seen.size() == count && all.size() == PARTITIONS && all.stream().distinct().count() == PARTITIONS
        && max - min <= 1) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not even within " + seconds + " s: " + seen);
  }

  /** Per partition queue: {@code consumers} consumers (one per instance), exactly one of them active. */
  static void assertOneActiveConsumerPerQueue(String ns, int consumers) throws Exception {
    Process p = new ProcessBuilder("rabbitmqctl", "list_consumers", "-q", "--no-table-headers", "queue_name", "active")
      .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, int[]> byQueue = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length == 2 && cols[0].startsWith(ns + ".commands.")) {
        int[] counts = byQueue.computeIfAbsent(cols[0], k -> new int[2]);
        counts[0]++;
        if (cols[1].equals("true")) {
          counts[1]++;
        }
      }
    }
    assertThat(byQueue).hasSize(PARTITIONS);
    byQueue.forEach((queue, counts) -> {
      assertThat(counts[0]).as("consumers of " + queue).isEqualTo(consumers);
      assertThat(counts[1]).as("active consumers of " + queue).isEqualTo(1);
    });
  }

  /** {@code perPartition} lists in each of {@code partitions} partitions, so that every partition has work. */
  static List<String> listsInEveryPartitionOf(Api api, User user, int partitions, int perPartition) {
    Map<Integer, List<String>> byPartition = new HashMap<>();
    List<String> all = new ArrayList<>();
    for (int i = 0; all.size() < partitions * perPartition; i++) {
      assertThat(i).as("lists created before every partition had enough").isLessThan(64 * partitions * perPartition);
      String listId = api.createList(user, "list " + i);
      List<String> mine = byPartition.computeIfAbsent(dev.eventual.domain.Command.partition(listId, partitions), k -> new ArrayList<>());
      if (mine.size() < perPartition) {
        mine.add(listId);
        all.add(listId);
      }
    }
    return all;
  }
}
