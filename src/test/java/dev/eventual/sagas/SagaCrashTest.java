package dev.eventual.sagas;

import dev.eventual.support.Api;
import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.StreamAudit;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.eventual.support.Moves.move;
import static dev.eventual.support.Moves.todo;
import static dev.eventual.support.Moves.todos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The move saga through crashes and across JVMs: a node halted (as by kill -9) right after a step is folded and
 * before the next is sent, then started again; and a move between lists whose partitions two JVMs own.
 */
class SagaCrashTest {
  static final String BROKER = "amqp://guest:guest@localhost:5672";

  @ParameterizedTest(name = "after step {0}")
  @ValueSource(ints = {1, 2})
  @DisplayName("kill -9 between two steps of a move, start again: the move completes exactly once")
  void crash(int step) throws Exception {
    String ns = TestNode.namespace();
    String sagaId = UUID.randomUUID().toString();
    try {
      User ana;
      String groceries;
      String work;
      String milk;
      try (NodeProcess doomed = NodeProcess.start(ns, "--chaos.enabled", "true", "--chaos.haltAfterStep", String.valueOf(step))) {
        ana = doomed.api.signup(Api.uniqueName("ana"));
        groceries = doomed.api.createList(ana, "Groceries");
        work = doomed.api.createList(ana, "Work");
        milk = todo(doomed.api, ana, groceries, "milk");
        // The node halts as soon as the step is folded, which may be before its 202 is on the wire (a command is
        // confirmed and consumed at about the same moment): a closed connection is then the answer, and the log below
        // shows that the command was accepted all the same.
        try {
          assertThat(move(doomed.api, ana, sagaId, groceries, milk, work).status()).isEqualTo(202);
        } catch (AssertionError closed) {
          assertThat(closed).hasMessageContaining("Connection was closed");
        }
        assertThat(doomed.awaitExit(30)).as("the node halted itself").isEqualTo(137);
        assertThat(doomed.lines()).anyMatch(l -> l.text().contains("halting the JVM after step " + step + " of saga " + sagaId));
      }
      Map<String, Integer> atCrash = stepsInLog(ns, sagaId);
      assertThat(atCrash).as("the log at the crash").isEqualTo(step == 1 ? Map.of("TodoMoveStarted", 1)
        : Map.of("TodoMoveStarted", 1, "TodoMovedIn", 1));

      try (NodeProcess again = NodeProcess.start(ns)) {
        Response done = move(again.api, ana, sagaId, groceries, milk, work, "Prefer", "wait=30");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(todos(again.api, ana, groceries)).isEmpty();
        assertThat(todos(again.api, ana, work)).extracting(t -> t.getString("text")).containsExactly("milk");
      }
      assertThat(stepsInLog(ns, sagaId)).isEqualTo(Map.of("TodoMoveStarted", 1, "TodoMovedIn", 1, "TodoMovedOut", 1));
      StreamAudit audit = StreamAudit.read(BROKER, ns, 500);
      assertThat(audit.duplicated()).isEmpty();
      assertThat(audit.listsWithGaps()).isEmpty();
    } finally {
      Namespace.delete(ns);
    }
  }

  @Test
  @DisplayName("partitions spread over two JVMs: a move from a list one JVM decides to a list the other decides completes")
  void acrossJvms() throws Exception {
    String ns = TestNode.namespace();
    try (NodeProcess a = NodeProcess.start(ns); NodeProcess b = NodeProcess.start(ns)) {
      Set<Integer> onA = new HashSet<>();
      Set<Integer> onB = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Balanced: two partitions each (while one JVM still hands partitions to the other, ownership moves).
      while (onA.size() != 2 || onB.size() != 2 || onA.stream().anyMatch(onB::contains)) {
        assertThat(System.nanoTime()).as("two partitions each: " + onA + " " + onB).isLessThan(deadline);
        Thread.sleep(100);
        onA = active(a);
        onB = active(b);
      }
      User ana = a.api.signup(Api.uniqueName("ana"));
      String source = null;
      String target = null;
      for (int i = 0; source == null || target == null; i++) {
        assertThat(i).as("lists made before one landed on each JVM").isLessThan(200);
        String listId = a.api.createList(ana, "list " + i);
        int partition = dev.eventual.domain.Command.partition(listId, 4);
        if (source == null && onA.contains(partition)) {
          source = listId;
        } else if (target == null && onB.contains(partition)) {
          target = listId;
        }
      }
      String milk = todo(a.api, ana, source, "milk");
      String sagaId = UUID.randomUUID().toString();
      Response moved = move(a.api, ana, sagaId, source, milk, target, "Prefer", "wait=30");
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      assertThat(b.api.listAtVersion(ana, target, 2).getJsonArray("todos")).hasSize(1);
      assertThat(b.api.listAtVersion(ana, source, 4).getJsonArray("todos")).isEmpty();
      // Which node decided each step: the node of the fence each step was decided under.
      StreamAudit audit = StreamAudit.read(BROKER, ns, 500);
      Map<String, String> nodeOfFence = new HashMap<>();
      Map<String, String> deciderOfStep = new TreeMap<>();
      for (JsonObject e : audit.events) {
        if ("Fence".equals(e.getString("type")) && e.getJsonObject("payload").containsKey("partition")) {
          nodeOfFence.put(e.getJsonObject("payload").getString("fenceId"), e.getJsonObject("payload").getString("node"));
        } else if (sagaId.equals(e.getJsonObject("payload").getString("sagaId"))) {
          deciderOfStep.put(e.getString("type"), nodeOfFence.get(e.getString("fence")));
        }
      }
      assertThat(deciderOfStep.keySet()).containsExactly("TodoMoveStarted", "TodoMovedIn", "TodoMovedOut");
      assertThat(deciderOfStep.get("TodoMoveStarted")).isEqualTo(deciderOfStep.get("TodoMovedOut"))
        .isNotEqualTo(deciderOfStep.get("TodoMovedIn"));
    } finally {
      Namespace.delete(ns);
    }
  }

  static Set<Integer> active(NodeProcess node) {
    Set<Integer> partitions = new HashSet<>();
    node.management.get(null, "/health").json().getJsonArray("activePartitions").forEach(p -> partitions.add((Integer) p));
    return partitions;
  }

  /** How many events of each type the log holds for the saga, counting only those the fold applies. */
  static Map<String, Integer> stepsInLog(String ns, String sagaId) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonObject e : StreamAudit.read(BROKER, ns, 500).applied) {
      if (sagaId.equals(e.getJsonObject("payload").getString("sagaId"))) {
        counts.merge(e.getString("type"), 1, Integer::sum);
      }
    }
    return counts;
  }
}
