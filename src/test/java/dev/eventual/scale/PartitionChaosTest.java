package dev.eventual.scale;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.Scrape;
import dev.eventual.support.StreamAudit;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's chaos run: three JVMs of two processor instances under ~200 commands/s for 90 s while, every 5–10 s,
 * a random one is killed with SIGKILL, frozen with SIGSTOP (and thawed), or restarted. Clients retry with the same
 * key on another node, as the browser does. Then the log, judged on its own (StreamAudit): every 202 has exactly
 * one applied terminal event, no command has two, every list's versions run without a gap, and each node's read
 * model ignored exactly the decisions taken under a stale fence — and shows exactly what was applied.
 */
class PartitionChaosTest {
  static final int NODES = 3;
  static final int PARTITIONS = 8;
  static final int RATE = 200;
  static final long LOAD_MS = 90_000;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(2)).build();

  /** A node slot: its process, or null while it is down, and whether it is frozen. */
  final AtomicReferenceArray<NodeProcess> nodes = new AtomicReferenceArray<>(NODES);
  final Map<Integer, Boolean> frozen = new ConcurrentHashMap<>();

  @Test
  @DisplayName("kill -9, SIGSTOP/SIGCONT and restarts of random nodes under load: 0 lost, 0 duplicated, no version gaps, no stale decision applied")
  void chaos() throws Exception {
    String ns = TestNode.namespace();
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(24);
    Map<String, String> accepted = new ConcurrentHashMap<>();
    AtomicInteger rejected = new AtomicInteger();
    List<String> actions = new ArrayList<>();
    try {
      for (int i = 0; i < NODES; i++) {
        nodes.set(i, start(ns));
      }
      Api first = nodes.get(0).api;
      User ana = first.signup(Api.uniqueName("ana"));
      List<String> lists = ScaleOutTest.listsInEveryPartitionOf(first, ana, PARTITIONS, 2);
      AtomicInteger sequence = new AtomicInteger();
      long end = System.currentTimeMillis() + LOAD_MS;
      ticks.scheduleAtFixedRate(() -> {
        if (System.currentTimeMillis() < end) {
          senders.submit(() -> send(ana, lists, "t" + sequence.incrementAndGet(), accepted, rejected));
        }
      }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
      for (int round = 0; System.currentTimeMillis() < end - 8_000; round++) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(5_000, 10_000));
        actions.add(disrupt(ns, round % 3));
      }
      ticks.shutdown();
      senders.shutdown();
      assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).as("every sender finished").isTrue();
      thawAndStartAll(ns);

      StreamAudit audit = StreamAudit.awaitOutcomes("amqp://guest:guest@localhost:5672", ns, accepted.keySet());
      System.out.printf("chaos: %s; %d accepted, %d fences, %d stale decisions ignored%n", actions, accepted.size(),
        audit.fences, audit.stale);
      assertThat(rejected.get()).as("commands refused for good").isZero();
      assertThat(accepted.size()).as("commands accepted").isGreaterThan(RATE * 30);
      assertThat(actions).as("disruptions").hasSizeGreaterThanOrEqualTo(3);
      assertThat(accepted.keySet()).allSatisfy(id -> assertThat(audit.appliedTerminals.get(id)).as(id).isEqualTo(1));
      assertThat(audit.duplicated()).as("commands with two applied terminal events").isEmpty();
      assertThat(audit.listsWithGaps()).as("lists whose versions skip or repeat").isEmpty();
      for (int i = 0; i < NODES; i++) {
        NodeProcess node = nodes.get(i);
        JsonObject health = awaitCursor(node, audit.events.size() - 1);
        assertThat(health.getLong("staleDecisionsIgnored")).as("stale decisions node " + i + " ignored").isEqualTo(audit.stale);
        assertThat(Scrape.of(node).value("eventual_decisions_stale_total")).as("in /metrics, node " + i).isEqualTo(audit.stale);
        for (String listId : lists) {
          JsonArray todos = node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("todos");
          long applied = audit.applied.stream().filter(e -> listId.equals(e.getString("listId"))
            && "TodoAdded".equals(e.getString("type"))).count();
          assertThat((long) todos.size()).as("todos of " + listId + " on node " + i).isEqualTo(applied);
          assertThat(todos.stream().map(t -> ((JsonObject) t).getString("text")).distinct().count()).isEqualTo(todos.size());
        }
      }
    } finally {
      ticks.shutdownNow();
      senders.shutdownNow();
      for (int i = 0; i < NODES; i++) {
        thaw(i);
        if (nodes.get(i) != null) {
          nodes.get(i).close();
        }
      }
      Namespace.delete(ns, "amqp://guest:guest@localhost:5672", PARTITIONS);
    }
  }

  static NodeProcess start(String ns) throws Exception {
    return NodeProcess.start(ns, "--processor.instances", "2", "--partitions", String.valueOf(PARTITIONS));
  }

  /** One 202 for a new todo, through whichever node answers, retrying with the same key like a browser. */
  void send(User user, List<String> lists, String text, Map<String, String> accepted, AtomicInteger rejected) {
    String key = UUID.randomUUID().toString();
    String listId = lists.get(ThreadLocalRandom.current().nextInt(lists.size()));
    long giveUp = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < giveUp) {
      int i = ThreadLocalRandom.current().nextInt(NODES);
      NodeProcess node = nodes.get(i);
      if (node != null && !frozen.getOrDefault(i, false)) {
        try {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port
              + "/api/lists/" + listId + "/todos")).timeout(Duration.ofSeconds(3))
            .header("Content-Type", "application/json").header("Cookie", user.cookie()).header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", text).encode())).build(),
            HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 202) {
            accepted.put(key, text);
            return;
          }
          if (r.statusCode() != 503) {
            rejected.incrementAndGet();
            System.out.println("refused: " + r.statusCode() + " " + r.body());
            return;
          }
        } catch (java.io.IOException | InterruptedException | RuntimeException down) {
          // that node is dead or frozen: another one, same key
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
    rejected.incrementAndGet();
  }

  /** Freezes (0), kills (1) or restarts (2) a random node, keeping the others up; says what it did. */
  String disrupt(String ns, int how) throws Exception {
    int i = ThreadLocalRandom.current().nextInt(NODES);
    NodeProcess node = nodes.get(i);
    switch (how == 0 ? 1 : how == 1 ? 0 : 2) {
      case 0 -> {
        nodes.set(i, null);
        node.kill();
        nodes.set(i, start(ns));
        return "kill -9 " + i;
      }
      case 1 -> {
        signal(node, "STOP");
        frozen.put(i, true);
        Thread.sleep(ThreadLocalRandom.current().nextLong(3_000, 6_000));
        thaw(i);
        return "SIGSTOP " + i;
      }
      default -> {
        nodes.set(i, null);
        node.close();
        nodes.set(i, start(ns));
        return "restart " + i;
      }
    }
  }

  void thaw(int i) throws Exception {
    if (frozen.getOrDefault(i, false) && nodes.get(i) != null) {
      signal(nodes.get(i), "CONT");
    }
    frozen.put(i, false);
  }

  void thawAndStartAll(String ns) throws Exception {
    for (int i = 0; i < NODES; i++) {
      thaw(i);
      if (nodes.get(i) == null) {
        nodes.set(i, start(ns));
      }
    }
  }

  static void signal(NodeProcess node, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).start().waitFor()).isZero();
  }

  static JsonObject awaitCursor(NodeProcess node, long cursor) throws InterruptedException {
    JsonObject health = new JsonObject();
    for (int i = 0; i < 300; i++) {
      health = node.management.get(null, "/health").json();
      if (health.getLong("cursor") >= cursor) {
        return health;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("node never folded up to " + cursor + ": " + health);
  }
}
