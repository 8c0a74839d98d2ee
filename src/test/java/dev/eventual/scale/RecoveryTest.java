package dev.eventual.scale;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.Socket;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole JVMs, started as a user starts them, killed with SIGKILL, on a real broker. */
class RecoveryTest {

  @Test
  @DisplayName("kill -9 while commands are queued, start again: each accepted command is processed exactly once and state is rebuilt equal")
  void killAndRestart() throws Exception {
    String ns = TestNode.namespace();
    int commands = 60;
    try {
      User ana;
      String listId;
      List<String> accepted = new ArrayList<>();
      long versionAtKill;
      try (NodeProcess slow = NodeProcess.start(ns, "--chaos.enabled", "true", "--chaos.delayMs", "40")) {
        ana = slow.api.signup(Api.uniqueName("ana"));
        listId = slow.api.createList(ana, "survives");
        for (int i = 0; i < commands; i++) {
          var r = slow.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
            new JsonObject().put("text", "todo " + i).encode());
          assertThat(r.status()).isEqualTo(202);
          accepted.add(r.json().getString("commandId"));
        }
        versionAtKill = slow.api.get(ana, "/api/lists/" + listId).json().getLong("version");
        slow.kill();
      }
      assertThat(versionAtKill).as("some commands were still queued at the kill").isLessThan(1 + commands);

      String before;
      try (NodeProcess again = NodeProcess.start(ns)) {
        var view = again.api.listAtVersion(ana, listId, 1 + commands);
        JsonArray todos = view.getJsonArray("todos");
        assertThat(todos).hasSize(commands);
        Set<String> texts = new HashSet<>();
        todos.forEach(t -> texts.add(((JsonObject) t).getString("text")));
        assertThat(texts).hasSize(commands);

        Map<String, Integer> terminalEvents = new HashMap<>();
        for (Object e : again.api.get(ana, "/api/events?after=-1").json().getJsonArray("events")) {
          terminalEvents.merge(((JsonObject) e).getString("commandId"), 1, Integer::sum);
        }
        for (String commandId : accepted) {
          assertThat(terminalEvents.get(commandId)).as("terminal events of " + commandId).isEqualTo(1);
        }
        before = again.api.get(ana, "/api/lists/" + listId).body();
        again.kill();
      }
      try (NodeProcess rebuilt = NodeProcess.start(ns)) {
        assertThat(rebuilt.api.get(ana, "/api/lists/" + listId).body()).isEqualTo(before);
        assertThat(rebuilt.api.get(ana, "/api/lists").body()).contains(listId);
      }
    } finally {
      Namespace.delete(ns);
    }
  }

  @Test
  @DisplayName("two JVMs on one broker: a user on node A sees a change made on node B, and each partition has one active processor")
  void twoNodes() throws Exception {
    String ns = TestNode.namespace();
    try (TestNode a = TestNode.start(ns); NodeProcess b = NodeProcess.start(ns)) {
      User ana = a.api.signup(Api.uniqueName("ana"));
      User bob = b.api.signup(Api.uniqueName("bob"));
      // Lists until each of the 4 partitions has one (12 random ones missed a partition about 3 % of the time).
      List<String> lists = new ArrayList<>();
      Set<Integer> partitions = new HashSet<>();
      for (int i = 0; partitions.size() < 4; i++) {
        assertThat(i).as("lists created before every partition had one").isLessThan(256);
        String listId = a.api.createList(ana, "list " + i);
        lists.add(listId);
        partitions.add(dev.eventual.domain.Command.partition(listId, 4));
      }
      String shared = lists.get(0);
      assertThat(awaitShare(a.api, ana, shared, bob)).isEqualTo(200);
      try (Socket anaOnA = a.socket(ana.cookie())) {
        assertThat(anaOnA.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
        var viaB = b.api.command(bob, "POST", "/api/lists/" + shared + "/todos", new JsonObject().put("text", "from B").encode());
        assertThat(viaB.status()).isEqualTo(202);
        JsonObject seen = anaOnA.nextMessage(15);
        assertThat(seen).isNotNull();
        assertThat(seen.getString("actor")).isEqualTo(bob.userId());
        assertThat(seen.getJsonObject("payload").getString("text")).isEqualTo("from B");
        assertThat(b.api.send("PUT", "/api/lists/" + shared + "/presence", bob.cookie(), null).status()).isEqualTo(204);
        JsonObject presence = anaOnA.nextMessage(15);
        assertThat(presence.getString("action")).as("presence crosses nodes").isEqualTo("presence");
        assertThat(presence.getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(bob.userId());
      }
      for (String listId : lists) {
        assertThat(b.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
          new JsonObject().put("text", "touch").encode(), "Prefer", "wait=15").status()).isEqualTo(201);
      }
      Set<Object> onA = new HashSet<>(a.management.get(null, "/health").json().getJsonArray("activePartitions").getList());
      Set<Object> onB = new HashSet<>(b.management.get(null, "/health").json().getJsonArray("activePartitions").getList());
      Set<Object> all = new HashSet<>(onA);
      all.addAll(onB);
      assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);
      Set<Object> both = new HashSet<>(onA);
      both.retainAll(onB);
      assertThat(both).as("partitions active on both nodes").isEmpty();
    } finally {
      Namespace.delete(ns);
    }
  }

  @Test
  @DisplayName("commands waiting in every partition when a processor subscribes are all decided: none is held unacked")
  void backlogAtSubscribe() throws Exception {
    String ns = TestNode.namespace();
    try (TestNode front = TestNode.start(ns, "processor.instances", "0")) {
      User ana;
      List<String> lists = new ArrayList<>();
      try (TestNode decider = TestNode.start(ns)) {
        ana = decider.api.signup(Api.uniqueName("ana"));
        for (int i = 0; i < 8; i++) {
          lists.add(decider.api.createList(ana, "list " + i));
        }
      }
      // No processor now: the commands wait in their queues until the next one subscribes.
      for (String listId : lists) {
        for (int i = 0; i < 25; i++) {
          assertThat(front.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
            new JsonObject().put("text", "t" + i).encode()).status()).isEqualTo(202);
        }
      }
      try (TestNode decider = TestNode.start(ns)) {
        for (String listId : lists) {
          assertThat(front.api.listAtVersion(ana, listId, 26).getJsonArray("todos").size()).isEqualTo(25);
        }
      }
    } finally {
      Namespace.delete(ns);
    }
  }

  private static int awaitShare(Api api, User owner, String listId, User with) {
    return api.share(owner, listId, with).status();
  }

}
