package dev.eventual.ops;

import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.config.Settings;
import dev.eventual.domain.Command;
import dev.eventual.domain.Event;
import dev.eventual.eventlog.EventWriter;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.Scrape;
import dev.eventual.support.OneNode;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node exports for the alerts and dashboard in ops/, each figure read from its metrics as Prometheus reads them. */
class MetricsTest {
  static final int PARTITIONS = 4;
  static User ana;
  static String listId;

  @RegisterExtension
  static final OneNode node = OneNode.with("snapshot.everySeconds", "1");

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    listId = node.api.createList(ana, "measured");
  }

  @Test
  @DisplayName("eventual_identity_info names the node's namespace and id, the one series that does")
  void identity() {
    String nodeId = node.app.management.get(null, "/health").json().getString("node");
    Scrape scrape = Scrape.of(node.app);
    assertThat(scrape.value("eventual_identity_info", "eventual_namespace", node.ns, "eventual_node", nodeId)).isEqualTo(1);
    assertThat(scrape.all("eventual_read_model_cursor").get(0).labels()).isEmpty();
  }

  @Test
  @DisplayName("HTTP answers are counted by status class: a 404 is one more 4xx, a chaos 500 one more 5xx")
  void responses() throws Exception {
    double before4xx = Scrape.of(node.app).value("eventual_http_responses_total", "status", "4xx");
    assertThat(node.api.get(ana, "/api/nothing-here").status()).isEqualTo(404);
    Scrape after = Scrape.of(node.app);
    assertThat(after.value("eventual_http_responses_total", "status", "4xx")).isEqualTo(before4xx + 1);
    assertThat(after.value("eventual_http_responses_total", "status", "2xx")).isPositive();
    try (TestNode failing = TestNode.start(node.ns, "processor.instances", "0", "chaos.enabled", "true", "chaos.http500Rate", "1")) {
      assertThat(Scrape.of(failing).value("eventual_http_responses_total", "status", "5xx")).isZero();
      User ben = failing.api.signup(Api.uniqueName("ben"));
      assertThat(failing.api.command(ben, "POST", "/api/lists", "{\"name\":\"doomed\"}").status()).isEqualTo(500);
      assertThat(Scrape.of(failing).value("eventual_http_responses_total", "status", "5xx")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("with no processor a command waits in its partition and ages; once one decides it: 0 waiting, its outcome timed by kind")
  void pendingByPartition() throws Exception {
    String own = TestNode.namespace();
    try (TestNode front = TestNode.start(own, "processor.instances", "0")) {
      TestNode deciding = TestNode.start(own);
      try {
        User ben = front.api.signup(Api.uniqueName("ben"));
        String list = front.api.createList(ben, "waiting");
        await("the deciding node active on every partition", () -> activePartitions(deciding) == PARTITIONS);
        assertThat(activePartitions(front)).as("partitions the HTTP-only node decides").isZero();
        assertThat(Scrape.of(front).value("eventual_command_outcome_seconds_count", "type", "CreateList")).isEqualTo(1);
        deciding.close();
        int p = Command.partition(list, PARTITIONS);
        assertThat(front.api.command(ben, "POST", "/api/lists/" + list + "/todos", "{\"text\":\"wait\"}").status()).isEqualTo(202);
        await("the command counted waiting in partition " + p,
          () -> Scrape.of(front).value("eventual_commands_pending_oldest_seconds", "partition", String.valueOf(p)) >= 1);
        Scrape waiting = Scrape.of(front);
        for (int q = 0; q < PARTITIONS; q++) {
          assertThat(waiting.value("eventual_commands_pending", "partition", String.valueOf(q))).as("waiting in " + q).isEqualTo(q == p ? 1 : 0);
        }
        assertThat(waiting.all("eventual_command_outcome_seconds_count", "type", "AddTodo")).isEmpty();
        try (TestNode again = TestNode.start(own)) {
          await("the command decided and folded", () -> Scrape.of(front).value("eventual_commands_pending", "partition", String.valueOf(p)) == 0);
          Scrape decided = Scrape.of(front);
          assertThat(decided.value("eventual_commands_pending_oldest_seconds", "partition", String.valueOf(p))).isZero();
          assertThat(decided.value("eventual_command_outcome_seconds_count", "type", "AddTodo")).isEqualTo(1);
          assertThat(decided.value("eventual_command_outcome_seconds_sum", "type", "AddTodo")).isGreaterThanOrEqualTo(1);
          await("the new node active on every partition", () -> activePartitions(again) == PARTITIONS);
        }
      } finally {
        deciding.close();
      }
    } finally {
      Namespace.delete(own);
    }
  }

  @Test
  @DisplayName("snapshots: written every second the wait falls back to 0; a node that cannot write counts failures and the wait grows")
  void snapshots() throws Exception {
    Path notAFolder = Files.createTempFile("eventual-not-a-folder", "");
    try (TestNode stuck = TestNode.start(node.ns, "processor.instances", "0", "snapshot.everySeconds", "1",
      "snapshot.dir", notAFolder.resolve("snapshots").toString())) {
      node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"to keep\"}", "Prefer", "wait=10");
      await("a failed snapshot counted, and the oldest unsaved event waiting 3 s", () -> {
        Scrape s = Scrape.of(stuck);
        return s.value("eventual_snapshot_failures_total") >= 1 && s.value("eventual_snapshot_unsaved_seconds") >= 3;
      });
      await("the healthy node's events all in a snapshot", () -> Scrape.of(node.app).value("eventual_snapshot_unsaved_seconds") == 0);
      assertThat(Scrape.of(node.app).value("eventual_snapshot_failures_total")).isZero();
    } finally {
      Files.deleteIfExists(notAFolder);
    }
  }

  @Test
  @DisplayName("a healthy node: links to the broker up, its breaker never opened, no lag, every partition decided here")
  void healthy() throws Exception {
    await("a processor of the node active on every partition (each takes a partition at its first delivery)",
      () -> activePartitions(node.app) == PARTITIONS);
    Scrape s = Scrape.of(node.app);
    assertThat(s.value("eventual_broker_connected", "link", "commands")).isEqualTo(1);
    assertThat(s.value("eventual_broker_connected", "link", "log")).isEqualTo(1);
    assertThat(s.value("eventual_publish_breaker_opened_total")).isZero();
    assertThat(s.value("eventual_log_lag_seconds")).isZero();
    assertThat(s.value("eventual_http_connections_max")).isPositive();
    assertThat(s.value("eventual_http_connections_open")).isPositive();
  }

  @Test
  @DisplayName("a node frozen while 100,000 entries are appended shows how old they are as log lag once thawed, and 0 when folded")
  void logLag() throws Exception {
    String own = TestNode.namespace();
    try (NodeProcess node = NodeProcess.start(own, "--processor.instances", "0", "--snapshot.everyEvents", "0")) {
      long cursor = (long) Scrape.of(node).value("eventual_read_model_cursor");
      assertThat(Scrape.of(node).value("eventual_log_lag_seconds")).isZero();
      int entries = 100_000;
      long frozen = System.nanoTime();
      signal(node, "STOP");
      try {
        append(Settings.from(TestNode.config(own)).eventStream(), entries);
        // The entries must be some seconds old when the node sees them; nothing to await but the clock.
        Thread.sleep(Math.max(0, 3000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen)));
      } finally {
        signal(node, "CONT");
      }
      long frozenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen);
      double most = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Scrape s = Scrape.of(node);
      while (s.value("eventual_read_model_cursor") < cursor + entries && System.nanoTime() < deadline) {
        most = Math.max(most, s.value("eventual_log_lag_seconds"));
        s = Scrape.of(node);
      }
      System.out.printf("MetricsTest logLag: %d entries appended to a node frozen %d ms: most lag seen %.1f s%n", entries,
        frozenMs, most);
      assertThat(s.value("eventual_read_model_cursor")).isGreaterThanOrEqualTo(cursor + entries);
      assertThat(most).as("lag seen while folding").isGreaterThanOrEqualTo(2);
      assertThat(Scrape.of(node).value("eventual_log_lag_seconds")).isZero();
    } finally {
      Namespace.delete(own);
    }
  }

  /** Appends {@code count} fences (what a processor appends to take a partition, here for none) over AMQP, confirmed. */
  private static void append(String stream, int count) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri("amqp://guest:guest@localhost:5672");
    try (var connection = factory.newConnection("metrics-test-append"); var channel = connection.createChannel()) {
      channel.confirmSelect();
      for (int i = 0; i < count; i++) {
        Event fence = new Event(UUID.randomUUID().toString(), Event.FENCE, null, 0, null, null, List.of(), Instant.now().toString(),
          new Event.Fence("metrics-test-" + i, null, null), -1);
        channel.basicPublish("", stream, null, EventWriter.json(fence).getBytes());
      }
      channel.waitForConfirmsOrDie(120_000);
    }
  }

  static long activePartitions(TestNode node) {
    return Scrape.of(node).all("eventual_processor_partition_active").stream().filter(s -> s.value() == 1).count();
  }

  static void signal(NodeProcess node, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).start().waitFor()).isZero();
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
