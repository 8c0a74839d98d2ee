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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole path on a real broker: HTTP → RabbitMQ → processor → stream → read model → sockets. */
class SpineTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  static User user(String name) {
    return node.api.signup(Api.uniqueName(name));
  }

  static Socket socketOf(User user) throws Exception {
    Socket socket = node.app.socket(user.cookie());
    assertThat(socket.register("user." + user.userId()).getString("type")).isEqualTo("registered");
    return socket;
  }

  static String todo(String text) {
    return new JsonObject().put("text", text).encode();
  }

  @Test
  @DisplayName("a member's command reaches every socket of every member with the same payload, and no other socket")
  void fanOut() throws Exception {
    User ana = user("ana");
    User bob = user("bob");
    User eve = user("eve");
    String listId = node.api.createList(ana, "groceries");
    assertThat(node.api.share(ana, listId, bob).status()).isEqualTo(200);
    // The sharing's own events (bob's acceptance) may still reach sockets opened after it; what the list had then is
    // known, and dropped by version as the page does (see ordering).
    long known = node.api.get(ana, "/api/lists/" + listId).json().getLong("version");
    try (Socket ana1 = socketOf(ana); Socket ana2 = socketOf(ana); Socket bob1 = socketOf(bob); Socket eve1 = socketOf(eve)) {
      var accepted = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", todo("milk"));
      assertThat(accepted.status()).isEqualTo(202);

      JsonObject seenByAna1 = after(known, ana1, 1).stream().findFirst().orElse(null);
      assertThat(seenByAna1).isNotNull();
      assertThat(seenByAna1.getString("action")).isEqualTo("todo-create");
      assertThat(seenByAna1.getString("status")).isEqualTo("succeeded");
      assertThat(seenByAna1.getString("commandId")).isEqualTo(accepted.json().getString("commandId"));
      assertThat(seenByAna1.getJsonObject("payload").getString("text")).isEqualTo("milk");
      assertThat(after(known, ana2, 1)).containsExactly(seenByAna1);
      assertThat(after(known, bob1, 1)).containsExactly(seenByAna1);

      // Eve's own later event proves, by stream order, that nothing of ana's list reached her before it.
      String evesList = node.api.createList(eve, "eve's own");
      JsonObject first = eve1.nextMessage(10);
      assertThat(first).isNotNull();
      assertThat(first.getString("listId")).isEqualTo(evesList);
    }
  }

  @Test
  @DisplayName("a todo for a deleted list, a change by a non-member and a rename over someone else's are rejected events; the list is unchanged")
  void rejections() throws Exception {
    User ana = user("ana");
    User mallory = user("mallory");
    User bob = user("bob");
    String listId = node.api.createList(ana, "kept");
    String gone = node.api.createList(ana, "to delete");
    assertThat(node.api.command(ana, "DELETE", "/api/lists/" + gone, null, "Prefer", "wait=10").status()).isEqualTo(200);
    node.api.share(ana, listId, bob);
    assertThat(node.api.command(bob, "PATCH", "/api/lists/" + listId, new JsonObject().put("name", "kept!").encode(),
      "Prefer", "wait=10").status()).isEqualTo(200);
    JsonObject before = node.api.get(ana, "/api/lists/" + listId).json();

    try (Socket anaSocket = socketOf(ana); Socket mallorySocket = socketOf(mallory)) {
      var byOutsider = node.api.command(mallory, "POST", "/api/lists/" + listId + "/todos", todo("spam"));
      JsonObject rejected = mallorySocket.nextMessage(10);
      assertThat(rejected.getString("status")).isEqualTo("rejected");
      assertThat(rejected.getString("commandId")).isEqualTo(byOutsider.json().getString("commandId"));
      assertThat(rejected.getJsonObject("payload").getString("reason")).contains("not found");

      var stale = node.api.command(ana, "PATCH", "/api/lists/" + listId,
        new JsonObject().put("name", "renamed").put("expectedVersion", 1).encode(), "Prefer", "wait=10");
      assertThat(stale.status()).isEqualTo(409);
      assertThat(stale.json().getString("code")).isEqualTo("version_conflict");
      JsonObject staleEvent = anaSocket.nextMessage(10);
      assertThat(staleEvent.getString("status")).isEqualTo("rejected");
      assertThat(staleEvent.getString("action")).isEqualTo("list-rename");
      assertThat(staleEvent.getJsonObject("payload").getString("reason")).contains(bob.username() + " renamed the list to 'kept!'");

      var toDeleted = node.api.command(ana, "POST", "/api/lists/" + gone + "/todos", todo("too late"), "Prefer", "wait=10");
      assertThat(toDeleted.status()).isEqualTo(404);
      JsonObject deletedEvent = anaSocket.nextMessage(10);
      assertThat(deletedEvent.getString("status")).isEqualTo("rejected");
      assertThat(deletedEvent.getJsonObject("payload").getString("reason")).contains("deleted");
    }
    assertThat(node.api.get(ana, "/api/lists/" + listId).json()).isEqualTo(before);
  }

  @Test
  @DisplayName("the same Idempotency-Key posted three times gives one todo, three identical 202s and one event")
  void idempotency() throws Exception {
    User ana = user("ana");
    String listId = node.api.createList(ana, "once");
    String key = UUID.randomUUID().toString();
    try (Socket socket = socketOf(ana)) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        var r = node.api.commandWithKey(ana, key, "POST", "/api/lists/" + listId + "/todos", todo("bread"));
        assertThat(r.status()).isEqualTo(202);
        answers.add(r.body());
      }
      assertThat(answers).containsOnly(answers.get(0));
      var marker = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", todo("marker"));
      List<JsonObject> events = new ArrayList<>();
      JsonObject m;
      do {
        m = socket.nextMessage(10);
        assertThat(m).isNotNull();
        events.add(m);
      } while (!m.getString("commandId").equals(marker.json().getString("commandId")));
      assertThat(events).filteredOn(e -> key.equals(e.getString("commandId"))).hasSize(1);
      var later = node.api.commandWithKey(ana, key, "POST", "/api/lists/" + listId + "/todos", todo("bread"));
      assertThat(later.body()).isEqualTo(answers.get(0));
    }
    JsonArray todos = node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("todos");
    assertThat(todos.stream().map(t -> ((JsonObject) t).getString("text"))).containsExactly("bread", "marker");
  }

  @Test
  @DisplayName("200 commands on one list from two clients: both clients and the read model end with the same order and version")
  void ordering() throws Exception {
    User ana = user("ana");
    User bob = user("bob");
    String listId = node.api.createList(ana, "busy");
    node.api.share(ana, listId, bob);
    long start = node.api.get(ana, "/api/lists/" + listId).json().getLong("version");
    try (Socket anaSocket = socketOf(ana); Socket bobSocket = socketOf(bob)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<?>> senders = new ArrayList<>();
      for (User u : List.of(ana, bob)) {
        senders.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            var r = node.api.command(u, "POST", "/api/lists/" + listId + "/todos", todo(u.username() + " " + i));
            assertThat(r.status()).isEqualTo(202);
          }
        }));
      }
      for (Future<?> f : senders) {
        f.get();
      }
      pool.shutdown();
      // An event folded before the socket opened may still reach it (its push is on its way while the wait already
      // answered); a client drops what its view already has, by version, as the page does.
      List<JsonObject> seenByAna = after(start, anaSocket, 200);
      List<JsonObject> seenByBob = after(start, bobSocket, 200);
      assertThat(seenByAna).hasSize(200);
      assertThat(seenByBob).isEqualTo(seenByAna);
      for (int i = 0; i < 200; i++) {
        assertThat(seenByAna.get(i).getLong("version")).isEqualTo(start + 1 + i);
      }
      JsonObject view = node.api.get(ana, "/api/lists/" + listId + "?minVersion=" + (start + 200)).json();
      assertThat(view.getLong("version")).isEqualTo(start + 200);
      assertThat(view.getJsonArray("todos").stream().map(t -> ((JsonObject) t).getString("todoId")).toList())
        .isEqualTo(seenByAna.stream().map(e -> e.getJsonObject("payload").getString("todoId")).toList());
    }
  }

  /** The next {@code count} messages with a version past {@code version}; older ones are what the reader knew already. */
  private static List<JsonObject> after(long version, Socket socket, int count) throws InterruptedException {
    List<JsonObject> newer = new ArrayList<>();
    while (newer.size() < count) {
      JsonObject m = socket.nextMessage(20);
      if (m == null) {
        break;
      }
      if (m.getLong("version", Long.MAX_VALUE) > version) {
        newer.add(m);
      }
    }
    return newer;
  }

  @Test
  @DisplayName("a socket that missed events while disconnected gets exactly those, in order, from GET /api/events?after=")
  void catchUp() throws Exception {
    User ana = user("ana");
    User bob = user("bob");
    String listId = node.api.createList(ana, "shared");
    node.api.share(ana, listId, bob);
    long cursor;
    try (Socket bobSocket = socketOf(bob)) {
      String seen = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", todo("seen")).json().getString("commandId");
      // The share's own push may still come first: the 201 answers once the read model has folded it, which can be
      // a moment before the push goes out.
      JsonObject m = bobSocket.nextMessage(10);
      while (m != null && !seen.equals(m.getString("commandId"))) {
        m = bobSocket.nextMessage(10);
      }
      assertThat(m).as("the push of 'seen'").isNotNull();
      cursor = m.getLong("cursor");
    }
    List<String> missed = new ArrayList<>();
    for (String text : List.of("one", "two", "three")) {
      missed.add(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", todo(text), "Prefer", "wait=10")
        .headers().firstValue("location").orElseThrow().replace("/api/commands/", ""));
    }
    JsonObject page = node.api.get(bob, "/api/events?after=" + cursor).json();
    List<String> got = page.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("commandId")).toList();
    assertThat(got).isEqualTo(missed);
    assertThat(page.getJsonArray("events").stream().map(e -> ((JsonObject) e).getJsonObject("payload").getString("text")))
      .containsExactly("one", "two", "three");
  }

  @Test
  @DisplayName("a socket may register only its own address; inbound sends and sockets without a session are refused")
  void bridgeSecurity() throws Exception {
    User ana = user("ana");
    User bob = user("bob");
    try (Socket socket = node.app.socket(ana.cookie())) {
      JsonObject refused = socket.register("user." + bob.userId());
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getString("body")).isIn("access_denied", "rejected");
      JsonObject internal = socket.register("eventual.internal.folded");
      assertThat(internal.getString("type")).isEqualTo("err");
      socket.send(new JsonObject().put("type", "send").put("address", "user." + ana.userId()).put("body", new JsonObject()));
      assertThat(socket.next(10).getString("type")).isEqualTo("err");
      assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
    }
    try (Socket anonymous = node.app.socket(null)) {
      assertThat(anonymous.awaitClosed(10)).isTrue();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Socket.connect(node.app.vertx, node.app.port(), ana.cookie(), "http://evil.example"))
      .hasMessageContaining("403");
  }

  @Test
  @DisplayName("GET /metrics exposes accepted commands, outcome latency and open sockets in Prometheus format")
  void metrics() throws Exception {
    User ana = user("ana");
    String listId = node.api.createList(ana, "measured");
    try (Socket socket = socketOf(ana)) {
      node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", todo("counted"), "Prefer", "wait=10");
      var scrape = node.app.management.get(null, "/metrics");
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.body()).containsPattern("eventual_commands_accepted_total\\{type=\"AddTodo\"} [1-9]")
        .containsPattern("eventual_sockets_open [1-9]")
        .contains("eventual_command_outcome_seconds_count")
        .contains("eventual_events_folded_total");
      assertThat(socket.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName("bad requests get problem bodies: foreign origin 403, non-member read 404, too large 413, malformed 400, unknown field 400")
  void badInput() {
    User ana = user("ana");
    User eve = user("eve");
    String listId = node.api.createList(ana, "private");

    var foreign = node.api.command(ana, "POST", "/api/lists", "{\"name\":\"x\"}", "Origin", "http://evil.example");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.headers().firstValue("content-type")).hasValue("application/problem+json");

    var notMember = node.api.get(eve, "/api/lists/" + listId);
    var unknown = node.api.get(eve, "/api/lists/" + UUID.randomUUID());
    assertThat(notMember.status()).isEqualTo(404);
    assertThat(notMember.body()).isEqualTo(unknown.body());

    var huge = node.api.command(ana, "POST", "/api/lists", "{\"name\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().getString("type")).isEqualTo("/problems/body-too-large");

    var malformed = node.api.command(ana, "POST", "/api/lists", "{\"name\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().getString("type")).isEqualTo("/problems/malformed-json");

    var extra = node.api.command(ana, "POST", "/api/lists", "{\"name\":\"x\",\"owner\":\"someone\"}");
    assertThat(extra.status()).isEqualTo(400);
    assertThat(extra.json().getString("detail")).contains("owner");

    var noKey = node.api.send("POST", "/api/lists", ana.cookie(), "{\"name\":\"x\"}");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.json().getString("type")).isEqualTo("/problems/missing-idempotency-key");

    var anonymous = node.api.command(null, "POST", "/api/lists", "{\"name\":\"x\"}");
    assertThat(anonymous.status()).isEqualTo(401);

    var accepted = node.api.command(ana, "POST", "/api/lists", "{\"name\":\"mine\"}");
    var someoneElses = node.api.get(eve, "/api/commands/" + accepted.json().getString("commandId"));
    assertThat(someoneElses.status()).isEqualTo(404);
    assertThat(node.api.get(ana, "/api/commands/" + accepted.json().getString("commandId")).status()).isEqualTo(200);
  }
}
