package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18.5: to someone who is not a member, a list that exists and one that does not look the same — in every field
 * of a refused command, in the answer to {@code ?minVersion=N} and in its time — and a todo moved into a shared list
 * does not name the private list it came from to the members who are not that list's.
 */
class MembershipLeakTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  private static String addTodo(User user, String listId, String text) {
    Response r = node.api.command(user, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", text).encode(),
      "Prefer", "wait=10");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("todoId");
  }

  @Test
  @DisplayName("a non-member's refused command carries version 0 on a real list as on an unknown one: answer, push and outcome alike")
  void refusalCarriesNoVersion() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User eve = node.api.signup(Api.uniqueName("eve"));
    String real = node.api.createList(ana, "private");
    for (int i = 0; i < 4; i++) {
      addTodo(ana, real, "todo " + i);
    }
    String unknown = UUID.randomUUID().toString();
    try (Socket eves = node.app.socket(eve.cookie())) {
      assertThat(eves.register("user." + eve.userId()).getString("type")).isEqualTo("registered");
      JsonObject[] pushed = new JsonObject[2];
      JsonObject[] outcome = new JsonObject[2];
      Response[] answer = new Response[2];
      String[] lists = {real, unknown};
      for (int i = 0; i < 2; i++) {
        String key = UUID.randomUUID().toString();
        answer[i] = node.api.commandWithKey(eve, key, "POST", "/api/lists/" + lists[i] + "/todos", "{\"text\":\"spam\"}", "Prefer", "wait=10");
        pushed[i] = eves.nextMessage(10);
        outcome[i] = node.api.get(eve, "/api/commands/" + key).json();
      }
      assertThat(answer[0].status()).isEqualTo(answer[1].status()).isEqualTo(404);
      assertThat(without(answer[0].json(), "commandId", "instance")).isEqualTo(without(answer[1].json(), "commandId", "instance"));
      assertThat(pushed[0].getLong("version")).as("the real list's version (5) was pushed before").isEqualTo(0L)
        .isEqualTo(pushed[1].getLong("version"));
      assertThat(without(pushed[0], "commandId", "listId", "cursor", "at")).isEqualTo(without(pushed[1], "commandId", "listId", "cursor", "at"));
      // Its trace and hop times are the command's own (issue 22), not the list's.
      assertThat(without(outcome[0], "commandId", "listId", "cursor", "traceId", "hops"))
        .isEqualTo(without(outcome[1], "commandId", "listId", "cursor", "traceId", "hops"));
      assertThat(outcome[0].getLong("version")).isEqualTo(0L);
    }
    String key = UUID.randomUUID().toString();
    Response own = node.api.commandWithKey(ana, key, "DELETE", "/api/lists/" + real, "{\"expectedVersion\":1}", "Prefer", "wait=10");
    assertThat(own.status()).isEqualTo(409);
    assertThat(node.api.get(ana, "/api/commands/" + key).json().getLong("version")).as("a member's refusal still says the version now")
      .isEqualTo(5L);
  }

  @Test
  @DisplayName("?minVersion=N by a non-member: 404 after the whole wait, whether the list exists, is past N or short of it")
  void minVersionSameAnswerSameTime() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User eve = node.api.signup(Api.uniqueName("eve"));
    String real = node.api.createList(ana, "private");
    addTodo(ana, real, "milk");
    long startMember = System.nanoTime();
    assertThat(node.api.get(ana, "/api/lists/" + real + "?minVersion=2").status()).isEqualTo(200);
    assertThat((System.nanoTime() - startMember) / 1_000_000).as("a member at the version is answered at once").isLessThan(2_000);

    List<String> paths = List.of(real + "?minVersion=1", real + "?minVersion=2", real + "?minVersion=1000",
      UUID.randomUUID() + "?minVersion=1", UUID.randomUUID() + "?minVersion=1000");
    List<CompletableFuture<long[]>> asks = paths.stream().map(p -> CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      Response r = node.api.get(eve, "/api/lists/" + p);
      long ms = (System.nanoTime() - start) / 1_000_000;
      return new long[] {r.status(), ms, r.json().encode().hashCode()};
    })).toList();
    List<long[]> answers = asks.stream().map(CompletableFuture::join).toList();
    for (int i = 0; i < paths.size(); i++) {
      long[] a = answers.get(i);
      assertThat(a[0]).as(paths.get(i)).isEqualTo(404);
      assertThat(a[1]).as(paths.get(i) + ": ms (an existing list at the version answered at once before)").isBetween(4_800L, 7_000L);
      assertThat(a[2]).as(paths.get(i) + ": the same body").isEqualTo(answers.get(0)[2]);
    }
  }

  @Test
  @DisplayName("a todo moved from a private list into a shared one: the shared list's other members never see the private list's id")
  void moveHidesItsSource() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    String secret = node.api.createList(ana, "secret");
    String team = node.api.createList(ana, "team");
    node.api.share(ana, team, bob);
    String milk = addTodo(ana, secret, "milk");
    try (Socket bobs = node.app.socket(bob.cookie()); Socket anas = node.app.socket(ana.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      assertThat(anas.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      Response moved = node.api.command(ana, "POST", "/api/lists/" + secret + "/todos/" + milk + "/move",
        new JsonObject().put("toListId", team).encode(), "Prefer", "wait=20");
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      JsonObject in = bobs.nextMessage(10);
      assertThat(in.getString("action")).isEqualTo("todo-move-in");
      assertThat(in.encode()).as("pushed to bob (fromListId was the private list's id)").doesNotContain(secret).doesNotContain(milk);
      List<JsonObject> anasSteps = anas.messages(3, 10);
      assertThat(anasSteps).anyMatch(m -> "todo-move-in".equals(m.getString("action"))
        && secret.equals(m.getJsonObject("payload").getString("fromListId")));
    }
    Response bobsView = node.api.get(bob, "/api/lists/" + team);
    assertThat(bobsView.json().getJsonArray("todos")).hasSize(1);
    assertThat(bobsView.body()).as("bob's view (movedFrom was the private list's id)").doesNotContain(secret);
    assertThat(node.api.get(bob, "/api/events?after=-1").body()).as("bob's catch-up").doesNotContain(secret);
    assertThat(node.api.get(ana, "/api/lists/" + team).json().getJsonArray("todos").getJsonObject(0).getString("movedFrom"))
      .as("ana, a member of both, sees where it came from").isEqualTo(secret);
  }

  private static JsonObject without(JsonObject json, String... keys) {
    JsonObject copy = json.copy();
    for (String k : keys) {
      copy.remove(k);
    }
    return copy;
  }
}
