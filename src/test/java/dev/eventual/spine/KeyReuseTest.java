package dev.eventual.spine;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user's Idempotency-Key used again for another request (issue 18.6): another list, another todo, another body
 * is a 422 that says so, and nothing of it is done; the same request again is still a retry with the same answer.
 */
class KeyReuseTest {
  static final String REUSED = "/problems/idempotency-key-reused";

  @RegisterExtension
  static final OneNode node = OneNode.with();

  static void assertReused(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject p = r.json();
    assertThat(p.getString("type")).isEqualTo(REUSED);
    assertThat(p.getString("title")).isEqualTo("Idempotency-Key reused");
    assertThat(p.getInteger("status")).isEqualTo(422);
    assertThat(p.getString("detail")).contains("different request");
  }

  static JsonArray todos(User user, String listId) {
    return node.api.get(user, "/api/lists/" + listId).json().getJsonArray("todos");
  }

  @Test
  @DisplayName("a key used to add a todo to list A, sent again for list B or with another text: 422, B unchanged; the same request again: the same 201")
  void anotherListOrBody() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    String a = node.api.createList(ana, "A");
    String b = node.api.createList(ana, "B");
    String key = UUID.randomUUID().toString();
    Api.Response first = node.api.commandWithKey(ana, key, "POST", "/api/lists/" + a + "/todos", "{\"text\":\"milk\"}", "Prefer", "wait=10");
    assertThat(first.status()).as(first.body()).isEqualTo(201);

    assertReused(node.api.commandWithKey(ana, key, "POST", "/api/lists/" + b + "/todos", "{\"text\":\"milk\"}"));
    assertReused(node.api.commandWithKey(ana, key, "POST", "/api/lists/" + b + "/todos", "{\"text\":\"milk\"}", "Prefer", "wait=5"));
    assertReused(node.api.commandWithKey(ana, key, "POST", "/api/lists/" + a + "/todos", "{\"text\":\"eggs\"}", "Prefer", "wait=5"));
    assertReused(node.api.commandWithKey(ana, key, "PATCH", "/api/lists/" + a, "{\"name\":\"A2\"}", "Prefer", "wait=5"));

    Api.Response retry = node.api.commandWithKey(ana, key, "POST", "/api/lists/" + a + "/todos", "{\"text\":\"milk\"}", "Prefer", "wait=10");
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json()).isEqualTo(first.json());
    // A later command on B is folded after anything the reused key could have done there.
    assertThat(node.api.command(ana, "PATCH", "/api/lists/" + b, "{\"name\":\"B2\"}", "Prefer", "wait=10").status()).isEqualTo(200);
    assertThat(todos(ana, b)).isEmpty();
    assertThat(todos(ana, a)).hasSize(1);
  }

  @Test
  @DisplayName("a key sent again for another list before its first use is decided: 422 at once, and only the first happens")
  void anotherListWhileUndecided() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    String a = node.api.createList(ana, "A");
    String b = node.api.createList(ana, "B");
    String key = UUID.randomUUID().toString();
    assertThat(node.api.commandWithKey(ana, key, "POST", "/api/lists/" + a + "/todos", "{\"text\":\"milk\"}").status()).isEqualTo(202);
    assertReused(node.api.commandWithKey(ana, key, "POST", "/api/lists/" + b + "/todos", "{\"text\":\"milk\"}", "Prefer", "wait=5"));
    assertThat(node.api.command(ana, "PATCH", "/api/lists/" + b, "{\"name\":\"B2\"}", "Prefer", "wait=10").status()).isEqualTo(200);
    assertThat(todos(ana, b)).isEmpty();
    assertThat(node.api.command(ana, "PATCH", "/api/lists/" + a, "{\"name\":\"A2\"}", "Prefer", "wait=10").status()).isEqualTo(200);
    assertThat(todos(ana, a)).hasSize(1);
  }

  @Test
  @DisplayName("a finished move's key replayed for another todo: 422 and nothing moves; replayed for the same todo: the same 200")
  void finishedMoveForAnotherTodo() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    String a = node.api.createList(ana, "A");
    String b = node.api.createList(ana, "B");
    String todos = "/api/lists/" + a + "/todos";
    String milk = node.api.command(ana, "POST", todos, "{\"text\":\"milk\"}", "Prefer", "wait=10").json().getString("todoId");
    String eggs = node.api.command(ana, "POST", todos, "{\"text\":\"eggs\"}", "Prefer", "wait=10").json().getString("todoId");
    String key = UUID.randomUUID().toString();
    String toB = "{\"toListId\":\"" + b + "\"}";
    Api.Response moved = node.api.commandWithKey(ana, key, "POST", todos + "/" + milk + "/move", toB, "Prefer", "wait=15");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);

    assertReused(node.api.commandWithKey(ana, key, "POST", todos + "/" + eggs + "/move", toB, "Prefer", "wait=5"));
    assertReused(node.api.commandWithKey(ana, key, "POST", todos + "/" + eggs + "/move", toB));
    Api.Response again = node.api.commandWithKey(ana, key, "POST", todos + "/" + milk + "/move", toB, "Prefer", "wait=10");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(moved.json());

    assertThat(node.api.command(ana, "PATCH", "/api/lists/" + a, "{\"name\":\"A2\"}", "Prefer", "wait=10").status()).isEqualTo(200);
    assertThat(todos(ana, a).stream().map(t -> ((JsonObject) t).getString("text")).toList()).containsExactly("eggs");
    assertThat(todos(ana, b).stream().map(t -> ((JsonObject) t).getString("text")).toList()).containsExactly("milk");
  }
}
