package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one list and one person may hold, and how fast one person's commands come in (issue 18.2): each limit is a 422
 * that names it and its value, with nothing stored, also for commands sent together; past the rate a 429 with
 * Retry-After, while another user goes on.
 */
class LimitsTest {
  static final String LIMIT = "/problems/limit_reached";
  static String ns = TestNode.namespace();
  static String rateNs = TestNode.namespace();
  static TestNode app;
  static TestNode rated;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app = TestNode.start(ns, "limits.todosPerList", "3", "limits.textBytesPerList", "500", "limits.membersPerList", "2",
      "limits.listsPerUser", "3");
    api = app.api;
    rated = TestNode.start(rateNs, "limits.commandsPerSecond", "1", "limits.commandBurst", "3");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    rated.close();
    Namespace.delete(ns);
    Namespace.delete(rateNs);
  }

  static void assertLimit(Api.Response r, String key, int value) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonObject p = r.json();
    assertThat(p.getString("type")).isEqualTo(LIMIT);
    assertThat(p.getString("title")).isEqualTo("Limit reached");
    assertThat(p.getInteger("status")).isEqualTo(422);
    assertThat(p.getString("code")).isEqualTo("limit_reached");
    assertThat(p.getString("detail")).contains("(" + key + " = " + value + ")");
  }

  static JsonArray todos(User user, String listId) {
    return api.get(user, "/api/lists/" + listId).json().getJsonArray("todos");
  }

  static String add(String text) {
    return new JsonObject().put("text", text).encode();
  }

  @Test
  @DisplayName("a list holds limits.todosPerList todos: the next is a 422 naming it, also for six sent at once, and a move into a full list is undone with it")
  void todosPerList() {
    User ana = api.signup(Api.uniqueName("ana"));
    String list = api.createList(ana, "full");
    String todos = "/api/lists/" + list + "/todos";
    for (int i = 0; i < 3; i++) {
      assertThat(api.command(ana, "POST", todos, add("t" + i), "Prefer", "wait=10").status()).isEqualTo(201);
    }
    assertLimit(api.command(ana, "POST", todos, add("one more"), "Prefer", "wait=10"), "limits.todosPerList", 3);
    assertThat(todos(ana, list)).hasSize(3);

    String together = api.createList(ana, "together");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Api.Response r = api.command(ana, "POST", "/api/lists/" + together + "/todos", add("at once " + i));
      assertThat(r.status()).isEqualTo(202);
      keys.add(r.json().getString("commandId"));
    }
    long refused = 0;
    for (String key : keys) {
      Api.Response r = api.commandWithKey(ana, key, "POST", "/api/lists/" + together + "/todos",
        add("at once " + keys.indexOf(key)), "Prefer", "wait=10");
      refused += r.status() == 422 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(3);
    assertThat(todos(ana, together)).hasSize(3);

    String other = api.createList(ana, "other");
    String milk = api.command(ana, "POST", "/api/lists/" + other + "/todos", add("milk"), "Prefer", "wait=10").json().getString("todoId");
    Api.Response move = api.command(ana, "POST", "/api/lists/" + other + "/todos/" + milk + "/move",
      new JsonObject().put("toListId", list).encode(), "Prefer", "wait=15");
    assertLimit(move, "limits.todosPerList", 3);
    assertThat(todos(ana, list)).hasSize(3);
    assertThat(todos(ana, other)).hasSize(1);
  }

  @Test
  @DisplayName("a list's texts hold limits.textBytesPerList bytes of UTF-8: a todo or an edit past it is a 422, nothing stored")
  void textBytesPerList() {
    User ana = api.signup(Api.uniqueName("ana"));
    String list = api.createList(ana, "emoji");
    String todos = "/api/lists/" + list + "/todos";
    String hundred = "😀".repeat(100); // 400 bytes
    Api.Response first = api.command(ana, "POST", todos, add(hundred), "Prefer", "wait=10");
    assertThat(first.status()).isEqualTo(201);
    assertLimit(api.command(ana, "POST", todos, add(hundred), "Prefer", "wait=10"), "limits.textBytesPerList", 500);
    String small = api.command(ana, "POST", todos, add("milk"), "Prefer", "wait=10").json().getString("todoId");
    assertLimit(api.command(ana, "PATCH", todos + "/" + small, add("😀".repeat(30)), "Prefer", "wait=10"),
      "limits.textBytesPerList", 500);
    JsonArray now = todos(ana, list);
    assertThat(now).hasSize(2);
    assertThat(now.getJsonObject(1).getString("text")).isEqualTo("milk");
  }

  @Test
  @DisplayName("a list has at most limits.membersPerList members, and a person belongs to at most limits.listsPerUser lists")
  void membersAndLists() {
    User ana = api.signup(Api.uniqueName("ana"));
    User ben = api.signup(Api.uniqueName("ben"));
    User cai = api.signup(Api.uniqueName("cai"));
    String list = api.createList(ana, "two of us");
    assertThat(api.share(ana, list, ben).status()).isIn(200, 201, 202);
    Api.Response third = api.command(ana, "POST", "/api/lists/" + list + "/invitations",
      new JsonObject().put("username", cai.username()).encode(), "Prefer", "wait=10");
    assertLimit(third, "limits.membersPerList", 2);
    assertThat(api.get(ana, "/api/lists/" + list).json().getJsonArray("members")).hasSize(2);

    for (int i = 0; i < 3; i++) {
      assertThat(api.command(cai, "POST", "/api/lists", "{\"name\":\"mine " + i + "\"}", "Prefer", "wait=10").status()).isEqualTo(201);
    }
    assertLimit(api.command(cai, "POST", "/api/lists", "{\"name\":\"one more\"}", "Prefer", "wait=10"), "limits.listsPerUser", 3);
    String bens = api.createList(ben, "join me");
    Api.Response join = api.command(ben, "POST", "/api/lists/" + bens + "/invitations",
      new JsonObject().put("username", cai.username()).encode(), "Prefer", "wait=10");
    assertLimit(join, "limits.listsPerUser", 3);
    assertThat(api.get(cai, "/api/lists").array()).hasSize(3);
  }

  @Test
  @DisplayName("past limits.commandBurst at limits.commandsPerSecond a user gets 429 with Retry-After and nothing is enqueued, while another user is served")
  void commandRate() {
    Api fast = rated.api;
    User ana = fast.signup(Api.uniqueName("ana"));
    User ben = fast.signup(Api.uniqueName("ben"));
    String list = fast.createList(ana, "busy");
    String todos = "/api/lists/" + list + "/todos";
    long started = System.nanoTime();
    int accepted = 0;
    String key = null;
    Api.Response held = null;
    for (int i = 0; i < 20 && held == null; i++) {
      key = java.util.UUID.randomUUID().toString();
      Api.Response r = fast.commandWithKey(ana, key, "POST", todos, add("t" + i));
      if (r.status() == 429) {
        held = r;
      } else {
        assertThat(r.status()).isEqualTo(202);
        accepted++;
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(held).as("a 429 within 20 commands").isNotNull();
    assertThat(accepted).as("the burst of 3 (one spent on the list) and a token a second").isLessThanOrEqualTo(2 + (int) seconds + 1);
    assertThat(held.headers().firstValue("Retry-After")).hasValue("1");
    JsonObject p = held.json();
    assertThat(p.getString("type")).isEqualTo("/problems/too-many-commands");
    assertThat(p.getString("title")).isEqualTo("Too many commands");
    assertThat(p.getInteger("status")).isEqualTo(429);
    assertThat(p.getString("detail")).contains("limits.commandsPerSecond = 1");
    assertThat(fast.command(ben, "POST", "/api/lists", "{\"name\":\"calm\"}").status()).isEqualTo(202);
    assertThat(fast.get(ana, "/api/commands/" + key).status()).as("nothing enqueued").isEqualTo(404);
  }

  @Test
  @DisplayName("a list of emoji todos is served as UTF-8, not as \\u escapes: 4 bytes an emoji")
  void emojiViewNotEscaped() {
    User ana = api.signup(Api.uniqueName("ana"));
    String list = api.createList(ana, "faces");
    String text = "😀".repeat(100);
    assertThat(api.command(ana, "POST", "/api/lists/" + list + "/todos", add(text), "Prefer", "wait=10").status()).isEqualTo(201);
    Api.Response view = api.get(ana, "/api/lists/" + list);
    String body = new String(view.bytes().getBytes(), StandardCharsets.UTF_8);
    assertThat(body).contains(text).doesNotContain("\\u");
    int escaped = text.length() * 6;
    System.out.println("emoji view: " + view.bytes().length() + " bytes; with \\u escapes it would be "
      + (view.bytes().length() - text.getBytes(StandardCharsets.UTF_8).length + escaped));
    assertThat(view.bytes().length()).isLessThan(escaped);
  }
}
