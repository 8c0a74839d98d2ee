package dev.eventual.scale;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.Socket;
import dev.eventual.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NodeFailoverTest {
  static final int COMMANDS = 150;

  @Test
  @DisplayName("two nodes, one killed -9 mid-load: the survivor takes its partitions, nothing is lost or doubled, its users catch up there")
  void survivorTakesOver() throws Exception {
    String ns = TestNode.namespace();
    Vertx vertx = Vertx.vertx();
    try (NodeProcess a = NodeProcess.start(ns); NodeProcess b = NodeProcess.start(ns)) {
      User ana = a.api.signup(Api.uniqueName("ana"));
      String listId = a.api.createList(ana, "failover");
      assertThat(a.management.get(null, "/health").json().getJsonArray("activePartitions")).isNotEmpty();
      Socket onA = Socket.connect(vertx, a.port, ana.cookie(), null);
      assertThat(onA.register("user." + ana.userId()).getString("type")).isEqualTo("registered");

      List<String> accepted = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch third = new CountDownLatch(COMMANDS / 3);
      CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
        Api target = a.api;
        for (int i = 0; i < COMMANDS; i++) {
          String key = UUID.randomUUID().toString();
          while (true) {
            Api.Response r;
            try {
              r = target.commandWithKey(ana, key, "POST", "/api/lists/" + listId + "/todos",
                new JsonObject().put("text", "todo " + i).encode());
            } catch (AssertionError connectionRefused) {
              target = b.api;
              continue;
            }
            if (r.status() == 202) {
              accepted.add(key);
              third.countDown();
              break;
            }
            assertThat(r.status()).as(r.body()).isEqualTo(503);
          }
        }
      });
      assertThat(third.await(60, TimeUnit.SECONDS)).isTrue();
      a.kill();
      assertThat(onA.awaitClosed(20)).as("the dead node's socket closes").isTrue();
      List<JsonObject> seen = new ArrayList<>();
      for (JsonObject frame : onA.drain()) {
        if ("rec".equals(frame.getString("type"))) {
          seen.add(frame.getJsonObject("body"));
        }
      }
      long lastCursor = seen.isEmpty() ? -1 : seen.get(seen.size() - 1).getLong("cursor");

      try (Socket onB = Socket.connect(vertx, b.port, ana.cookie(), null)) {
        assertThat(onB.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
        for (Object e : b.api.get(ana, "/api/events?after=" + lastCursor).json().getJsonArray("events")) {
          seen.add((JsonObject) e);
        }
        load.get(120, TimeUnit.SECONDS);
        JsonObject view = b.api.listAtVersion(ana, listId, 1 + COMMANDS);
        assertThat(view.getJsonArray("todos")).hasSize(COMMANDS);
        Set<String> texts = new HashSet<>();
        view.getJsonArray("todos").forEach(t -> texts.add(((JsonObject) t).getString("text")));
        assertThat(texts).hasSize(COMMANDS);
        Set<String> held = new HashSet<>();
        seen.forEach(e -> held.add(e.getString("commandId")));
        JsonObject pushed;
        while (!held.containsAll(accepted) && (pushed = onB.nextMessage(10)) != null) {
          seen.add(pushed);
          held.add(pushed.getString("commandId"));
        }
      }
      Map<String, Set<Long>> cursorsByCommand = new HashMap<>();
      for (JsonObject event : seen) {
        cursorsByCommand.computeIfAbsent(event.getString("commandId"), k -> new HashSet<>()).add(event.getLong("cursor"));
      }
      for (String key : accepted) {
        assertThat(cursorsByCommand.get(key)).as("events the client holds for " + key).hasSize(1);
      }
      b.api.createListsInEveryPartition(ana, 4);
      assertThat(b.management.get(null, "/health").json().getJsonArray("activePartitions").getList())
        .as("every partition is active on the survivor").containsExactlyInAnyOrder(0, 1, 2, 3);
      System.out.printf("node failover: %d accepted, %d seen before the kill, 0 lost, 0 duplicated%n", accepted.size(),
        seen.stream().filter(e -> e.getLong("cursor") <= lastCursor).count());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Namespace.delete(ns);
    }
  }

}
