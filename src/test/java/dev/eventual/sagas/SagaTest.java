package dev.eventual.sagas;

import dev.eventual.support.Api;
import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.eventual.support.Moves.todo;
import static dev.eventual.support.Moves.move;
import static dev.eventual.support.Moves.todoIn;
import static dev.eventual.support.Moves.todos;
import static dev.eventual.support.Moves.steps;
import static dev.eventual.support.Moves.actionsUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving a todo between lists, the saga across partitions (README, "Sagas"), on one node and the real broker: the
 * moves that succeed, those undone, and what happens to a todo while it moves. Where a test needs a move to stay in
 * flight, every decision waits 150 ms (chaos), so that what it sends next is decided before the move's next step.
 */
class SagaTest {
  @RegisterExtension
  static final OneNode node = OneNode.with("chaos.enabled", "true");

  @AfterEach
  void noDelay() {
    node.app.node.chaos().update(0, 0, 0, 0);
  }

  static void slowDecisions() {
    node.app.node.chaos().update(0, 150, 150, 0);
  }

  static Socket socketOf(User user) throws Exception {
    Socket socket = node.app.socket(user.cookie());
    assertThat(socket.register("user." + user.userId()).getString("type")).isEqualTo("registered");
    return socket;
  }

  User user(String name) {
    return node.api.signup(Api.uniqueName(name));
  }

  @Test
  @DisplayName("a move succeeds: the todo leaves the source, appears once in the target; each list's members got their side")
  void moves() throws Exception {
    User ana = user("ana");
    User bob = user("bob");
    User cat = user("cat");
    String groceries = node.api.createList(ana, "Groceries");
    String work = node.api.createList(ana, "Work");
    node.api.share(ana, groceries, bob);
    node.api.share(ana, work, cat);
    String milk = todo(node.api, ana, groceries, "milk");
    node.api.command(ana, "PATCH", "/api/lists/" + groceries + "/todos/" + milk, new JsonObject().put("completed", true).encode(),
      "Prefer", "wait=20");
    String sagaId = UUID.randomUUID().toString();
    try (Socket anaSocket = socketOf(ana); Socket bobSocket = socketOf(bob); Socket catSocket = socketOf(cat)) {
      Response moved = move(node.api, ana, sagaId, groceries, milk, work, "Prefer", "wait=20");
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      assertThat(moved.json().getString("status")).isEqualTo("succeeded");
      assertThat(moved.json().getString("type")).isEqualTo("MoveTodo");
      assertThat(todoIn(node.api, ana, groceries, milk)).as("answered only once the todo has left").isNull();
      List<JsonObject> inWork = todos(node.api, ana, work);
      assertThat(inWork).hasSize(1);
      assertThat(inWork.get(0).getString("text")).isEqualTo("milk");
      assertThat(inWork.get(0).getBoolean("completed")).isTrue();
      assertThat(inWork.get(0).getString("movedFrom")).isEqualTo(groceries);

      assertThat(actionsUntil(anaSocket, "todo-move-out")).containsExactly("todo-move", "todo-move-in", "todo-move-out");
      assertThat(actionsUntil(bobSocket, "todo-move-out")).containsExactly("todo-move", "todo-move-out");
      JsonObject in = catSocket.nextMessage(20);
      assertThat(in.getString("action")).isEqualTo("todo-move-in");
      assertThat(in.getJsonObject("payload").getString("text")).isEqualTo("milk");
      // Their own next events come next: nothing else of the move reached bob or cat in between.
      String bobsOwn = node.api.createList(bob, "bob's own");
      assertThat(bobSocket.nextMessage(20).getString("listId")).isEqualTo(bobsOwn);
      String catsOwn = node.api.createList(cat, "cat's own");
      assertThat(catSocket.nextMessage(20).getString("listId")).isEqualTo(catsOwn);
    }
    assertThat(node.api.get(ana, "/api/commands/" + sagaId).json().getString("status")).isEqualTo("succeeded");
  }

  @Test
  @DisplayName("a move to a list its author is not a member of is undone: the todo back unchanged, one end, the reason")
  void notAMember() {
    User ana = user("ana");
    User bob = user("bob");
    String groceries = node.api.createList(ana, "Groceries");
    String bobs = node.api.createList(bob, "Bob's");
    String milk = todo(node.api, ana, groceries, "milk");
    JsonObject before = todoIn(node.api, ana, groceries, milk);
    String sagaId = UUID.randomUUID().toString();
    Response refused = move(node.api, ana, sagaId, groceries, milk, bobs, "Prefer", "wait=20");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
    assertThat(refused.json().getString("code")).isEqualTo("not_found");
    assertThat(refused.json().getString("detail")).isEqualTo("you are not a member of that list");
    assertThat(todoIn(node.api, ana, groceries, milk)).isEqualTo(before);
    assertThat(todos(node.api, bob, bobs)).isEmpty();
    assertThat(steps(node.api, ana, sagaId)).containsExactly("todo-move", "todo-move-in rejected", "todo-move-undo");
    JsonObject outcome = node.api.get(ana, "/api/commands/" + sagaId).json();
    assertThat(outcome.getString("status")).isEqualTo("rejected");
    assertThat(outcome.getString("reason")).isEqualTo("you are not a member of that list");
    assertThat(steps(node.api, bob, sagaId)).as("the target's owner heard nothing of it").isEmpty();
  }

  @Test
  @DisplayName("a target deleted while the move is in flight: the move is undone and says the list was deleted")
  void targetDeleted() {
    User ana = user("ana");
    String groceries = node.api.createList(ana, "Groceries");
    String work = node.api.createList(ana, "Work");
    String milk = todo(node.api, ana, groceries, "milk");
    JsonObject before = todoIn(node.api, ana, groceries, milk);
    slowDecisions();
    String sagaId = UUID.randomUUID().toString();
    assertThat(move(node.api, ana, sagaId, groceries, milk, work).status()).isEqualTo(202);
    assertThat(node.api.command(ana, "DELETE", "/api/lists/" + work, null).status()).isEqualTo(202);
    Response refused = move(node.api, ana, sagaId, groceries, milk, work, "Prefer", "wait=20");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
    assertThat(refused.json().getString("detail")).isEqualTo("'Work' has been deleted");
    assertThat(todoIn(node.api, ana, groceries, milk)).isEqualTo(before);
    assertThat(steps(node.api, ana, sagaId)).containsExactly("todo-move", "todo-move-in rejected", "todo-move-undo");
  }

  @Test
  @DisplayName("two moves of one todo at once: one wins, the other is refused 'moving'; the todo is in one list once")
  void twoAtOnce() throws Exception {
    User ana = user("ana");
    String groceries = node.api.createList(ana, "Groceries");
    String work = node.api.createList(ana, "Work");
    String home = node.api.createList(ana, "Home");
    String milk = todo(node.api, ana, groceries, "milk");
    slowDecisions();
    CompletableFuture<Response> toWork = CompletableFuture.supplyAsync(() ->
      move(node.api, ana, UUID.randomUUID().toString(), groceries, milk, work, "Prefer", "wait=20"));
    CompletableFuture<Response> toHome = CompletableFuture.supplyAsync(() ->
      move(node.api, ana, UUID.randomUUID().toString(), groceries, milk, home, "Prefer", "wait=20"));
    Map<Integer, String> answers = new TreeMap<>();
    for (Response r : List.of(toWork.get(30, TimeUnit.SECONDS), toHome.get(30, TimeUnit.SECONDS))) {
      answers.put(r.status(), r.status() == 200 ? "moved" : r.json().getString("code"));
    }
    assertThat(answers).containsExactly(Map.entry(200, "moved"), Map.entry(409, "moving"));
    assertThat(todos(node.api, ana, groceries)).isEmpty();
    assertThat(todos(node.api, ana, work).size() + todos(node.api, ana, home).size()).isEqualTo(1);
  }

  @Test
  @DisplayName("while a todo moves its edit and its delete are refused 'moving'; the move carries it on unchanged")
  void editWhileMoving() {
    User ana = user("ana");
    String groceries = node.api.createList(ana, "Groceries");
    String work = node.api.createList(ana, "Work");
    String milk = todo(node.api, ana, groceries, "milk");
    slowDecisions();
    String sagaId = UUID.randomUUID().toString();
    assertThat(move(node.api, ana, sagaId, groceries, milk, work).status()).isEqualTo(202);
    // Both queued behind the move's first step, so decided long before its last comes back to this partition.
    String editKey = UUID.randomUUID().toString();
    String deleteKey = UUID.randomUUID().toString();
    String editPath = "/api/lists/" + groceries + "/todos/" + milk;
    String oatMilk = new JsonObject().put("text", "oat milk").encode();
    assertThat(node.api.commandWithKey(ana, editKey, "PATCH", editPath, oatMilk).status()).isEqualTo(202);
    assertThat(node.api.commandWithKey(ana, deleteKey, "DELETE", editPath, null).status()).isEqualTo(202);
    Response edit = node.api.commandWithKey(ana, editKey, "PATCH", editPath, oatMilk, "Prefer", "wait=20");
    assertThat(edit.status()).as(edit.toString()).isEqualTo(409);
    assertThat(edit.json().getString("code")).isEqualTo("moving");
    assertThat(edit.json().getString("detail")).isEqualTo("'milk' is being moved to another list");
    Response delete = node.api.commandWithKey(ana, deleteKey, "DELETE", editPath, null, "Prefer", "wait=20");
    assertThat(delete.json().getString("code")).as(delete.toString()).isEqualTo("moving");
    assertThat(move(node.api, ana, sagaId, groceries, milk, work, "Prefer", "wait=20").status()).isEqualTo(200);
    assertThat(todos(node.api, ana, work)).extracting(t -> t.getString("text")).containsExactly("milk");
  }

  @Test
  @DisplayName("a move sent three times with one key is one saga: the same 202 ids, the same 200, each step once")
  void sentThreeTimes() {
    User ana = user("ana");
    String groceries = node.api.createList(ana, "Groceries");
    String work = node.api.createList(ana, "Work");
    String milk = todo(node.api, ana, groceries, "milk");
    String sagaId = UUID.randomUUID().toString();
    Response accepted = move(node.api, ana, sagaId, groceries, milk, work);
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.json().getString("commandId")).isEqualTo(sagaId);
    assertThat(accepted.json().getString("todoId")).isEqualTo(milk);
    assertThat(accepted.json().getString("toListId")).isEqualTo(work);
    Response first = move(node.api, ana, sagaId, groceries, milk, work, "Prefer", "wait=20");
    Response second = move(node.api, ana, sagaId, groceries, milk, work, "Prefer", "wait=20");
    assertThat(first.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(steps(node.api, ana, sagaId)).containsExactly("todo-move", "todo-move-in", "todo-move-out");
    assertThat(todos(node.api, ana, work)).hasSize(1);
  }

  @Test
  @DisplayName("a key that names a step of someone's saga is refused: no client can take a step's id before the server")
  void stepIdsAreTheServers() {
    User bob = user("bob");
    String bobs = node.api.createList(bob, "Bob's");
    String stolen = dev.eventual.domain.Ids.step(UUID.randomUUID().toString(), "finish");
    Response r = node.api.commandWithKey(bob, stolen, "POST", "/api/lists/" + bobs + "/todos", new JsonObject().put("text", "x").encode());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("detail")).contains("name-based ones are the server's");
  }
}
