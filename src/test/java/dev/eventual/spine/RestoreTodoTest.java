package dev.eventual.spine;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's Undo of a delete, on a real broker: a todo put back with its id, text and completion. */
class RestoreTodoTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  static String restore(String todoId, String text, Object completed) {
    return new JsonObject().put("todoId", todoId).put("text", text).put("completed", completed).encode();
  }

  @Test
  @DisplayName("a deleted todo comes back as it was for every member; a retry is the same answer and no second event; while it is there, a 409 'exists'")
  void undoDelete() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    String listId = node.api.createList(ana, "groceries");
    node.api.share(ana, listId, bob);
    String todos = "/api/lists/" + listId + "/todos";
    String milk = node.api.command(ana, "POST", todos, "{\"text\":\"milk\"}", "Prefer", "wait=10").json().getString("todoId");
    assertThat(node.api.command(bob, "PATCH", todos + "/" + milk, "{\"completed\":true}", "Prefer", "wait=10").status()).isEqualTo(200);
    assertThat(node.api.command(ana, "DELETE", todos + "/" + milk, null, "Prefer", "wait=10").status()).isEqualTo(200);

    try (Socket bobs = node.app.socket(bob.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      String key = UUID.randomUUID().toString();
      Api.Response back = node.api.commandWithKey(ana, key, "POST", todos + "/restore", restore(milk, "milk", true), "Prefer", "wait=10");
      assertThat(back.status()).as(back.body()).isEqualTo(200);
      assertThat(back.json().getString("todoId")).isEqualTo(milk);
      assertThat(back.json().getBoolean("completed")).isTrue();
      JsonObject pushed = bobs.nextMessage(10);
      assertThat(pushed.getString("action")).isEqualTo("todo-restore");
      assertThat(pushed.getString("type")).isEqualTo("TodoRestored");
      assertThat(pushed.getJsonObject("payload")).isEqualTo(new JsonObject().put("todoId", milk).put("text", "milk").put("completed", true));

      Api.Response retry = node.api.commandWithKey(ana, key, "POST", todos + "/restore", restore(milk, "milk", true), "Prefer", "wait=10");
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.json()).isEqualTo(back.json());
      Api.Response again = node.api.command(bob, "POST", todos + "/restore", restore(milk, "milk", false), "Prefer", "wait=10");
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().getString("code")).isEqualTo("exists");
      assertThat(bobs.nextMessage(10).getString("status")).as("bob's own rejection, after ana's one restore").isEqualTo("rejected");
    }
    JsonArray list = node.api.get(bob, "/api/lists/" + listId).json().getJsonArray("todos");
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getString("todoId")).isEqualTo(milk);
    assertThat(list.getJsonObject(0).getBoolean("completed")).isTrue();
    long restored = node.api.get(ana, "/api/events?after=-1").json().getJsonArray("events").stream()
      .filter(e -> "TodoRestored".equals(((JsonObject) e).getString("type"))).count();
    assertThat(restored).isEqualTo(1);
  }

  @Test
  @DisplayName("a restore is refused like every todo command: by a non-member, into a deleted list, with a bad id, text or completion")
  void refused() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User eve = node.api.signup(Api.uniqueName("eve"));
    String listId = node.api.createList(ana, "mine");
    String todos = "/api/lists/" + listId + "/todos";
    String id = UUID.randomUUID().toString();
    Api.Response outsider = node.api.command(eve, "POST", todos + "/restore", restore(id, "spam", false), "Prefer", "wait=10");
    assertThat(outsider.status()).isEqualTo(404);
    assertThat(outsider.json().getString("code")).isEqualTo("not_found");

    assertThat(node.api.command(ana, "POST", todos + "/restore", restore("not-a-uuid", "x", false)).status()).isEqualTo(400);
    assertThat(node.api.command(ana, "POST", todos + "/restore", restore(id, "x".repeat(501), false)).status()).isEqualTo(400);
    assertThat(node.api.command(ana, "POST", todos + "/restore", restore(id, "a\u202Eb", false)).status()).isEqualTo(400);
    assertThat(node.api.command(ana, "POST", todos + "/restore", restore(id, "x", "yes")).status()).isEqualTo(400);
    assertThat(node.api.command(ana, "POST", todos + "/restore", new JsonObject().put("todoId", id).put("text", "x").encode()).status())
      .as("completed is required").isEqualTo(400);
    assertThat(node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("todos")).isEmpty();

    assertThat(node.api.command(ana, "DELETE", "/api/lists/" + listId, null, "Prefer", "wait=10").status()).isEqualTo(200);
    Api.Response late = node.api.command(ana, "POST", todos + "/restore", restore(id, "late", false), "Prefer", "wait=10");
    assertThat(late.status()).isEqualTo(404);
  }
}
