package dev.eventual.scale;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleTest {

  @Test
  @DisplayName("several HTTP and processor instances in one JVM: every command processed once, each partition active once")
  void instances() throws Exception {
    String ns = TestNode.namespace();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TestNode app = TestNode.start(ns, "http.port", String.valueOf(port), "http.instances", "3", "processor.instances", "2")) {
      Api api = app.api;
      User ana = api.signup(Api.uniqueName("ana"));
      List<String> lists = List.of(api.createList(ana, "a"), api.createList(ana, "b"), api.createList(ana, "c"), api.createList(ana, "d"));
      List<CompletableFuture<Void>> senders = lists.stream().map(listId -> CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 25; i++) {
          assertThat(api.command(ana, "POST", "/api/lists/" + listId + "/todos",
            new JsonObject().put("text", "t" + i).encode()).status()).isEqualTo(202);
        }
      })).toList();
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
      for (String listId : lists) {
        JsonObject view = api.listAtVersion(ana, listId, 26);
        Set<String> texts = new HashSet<>();
        view.getJsonArray("todos").forEach(t -> texts.add(((JsonObject) t).getString("text")));
        assertThat(view.getLong("version")).isEqualTo(26);
        assertThat(texts).hasSize(25);
      }
      api.createListsInEveryPartition(ana, 4);
      assertThat(app.management.get(null, "/health").json().getJsonArray("activePartitions").getList()).containsExactlyInAnyOrder(0, 1, 2, 3);
    } finally {
      Namespace.delete(ns);
    }
  }
}
