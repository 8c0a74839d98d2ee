package dev.eventual.identity;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.OneNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** What a person cannot see, or cannot tell from what is there already, is refused: blank-looking text, twin names. */
class LookalikeTest {
  static User ana;
  static String listId;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  /** Each shows nothing: zero-width and format characters, fillers, a BOM, blanks that String.strip() keeps. */
  static final List<String> INVISIBLE = List.of("\u200B", "\u200B\u200C\u200D", "\u3164", "\uFEFF", "\u2060\u2061",
    "\u00AD", "\u115F\u1160", "\uFFA0", "\u2800", "\u00A0", "\u202F\u2007", "\u180E", "\u034F", "\uFE0F",
    "\uDB40\uDC20\uDB40\uDC7F", "\u200B \u3164 \uFEFF", " \u3000\u200B ", "\u0301\u0308");

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    listId = node.api.createList(ana, "groceries");
  }

  @Test
  @DisplayName("a todo text or list name that shows nothing is a 422 that says why; invisible characters inside visible text stay")
  void blankLookingText() {
    String todoId = added("milk");
    for (String blank : INVISIBLE) {
      String what = blank.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
      String text = new JsonObject().put("text", blank).encode();
      String name = new JsonObject().put("name", blank).encode();
      for (Api.Response r : List.of(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", text),
        node.api.command(ana, "PATCH", "/api/lists/" + listId + "/todos/" + todoId, text),
        node.api.command(ana, "POST", "/api/lists", name), node.api.command(ana, "PATCH", "/api/lists/" + listId, name))) {
        assertProblem(r, 422);
        assertThat(r.json().getString("type")).as(what).isEqualTo("/problems/invisible-text");
        assertThat(r.json().getString("detail")).as(what).contains("nothing a person can see");
      }
    }
    for (String visible : List.of("a\u200B", "\uD83D\uDC69\u200D\uD83D\uDCBB", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
      "\u3164x", "\u00A0.", "e\u0301")) {
      assertThat(added(visible)).as(visible).isNotNull();
    }
    JsonObject list = node.api.get(ana, "/api/lists/" + listId).json();
    assertThat(list.getString("name")).isEqualTo("groceries");
    assertThat(list.getJsonArray("todos").stream().map(t -> ((JsonObject) t).getString("text")))
      .contains("milk", "a\u200B", "e\u0301").noneMatch(t -> INVISIBLE.contains(t) || INVISIBLE.contains(t.strip()));
  }

  @Test
  @DisplayName("a name of punctuation only is refused at sign-up, and so is any name that looks like one taken")
  void twinNames() {
    for (String punctuation : List.of("...", "---", "_._", "-.-_")) {
      assertProblem(signup(punctuation), 400);
    }
    String base = "tw" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").substring(0, 6);
    assertThat(signup(base).status()).isEqualTo(201);
    for (String twin : List.of(base + ".", base + "-", "." + base, "_" + base + "_", base.charAt(0) + "." + base.substring(1),
      base.substring(0, 3) + "_" + base.substring(3), base + "..")) {
      Api.Response r = signup(twin);
      assertProblem(r, 409);
      assertThat(r.json().getString("detail")).as(twin).contains("looks like '" + base + "'");
    }
    assertProblem(signup(base.toUpperCase()), 400);
    String otto = "otto" + base;
    assertThat(signup(otto).status()).isEqualTo(201);
    assertProblem(signup("0tt0" + base), 409);
    assertThat(signup("mill" + base).status()).isEqualTo(201);
    assertProblem(signup("mi1l" + base), 409);
    assertProblem(signup("rni11" + base), 409);
    assertThat(signup("w" + base).status()).isEqualTo(201);
    assertProblem(signup("v.v" + base), 409);
    assertThat(signup(base + "x").status()).as("a name that only starts the same is its own").isEqualTo(201);
    assertThat(node.api.send("POST", "/api/auth/login", null, new JsonObject().put("username", base + ".").put("password", AsyncApi.PASSWORD)
      .encode()).status()).as("the refused twin signs nobody in").isEqualTo(401);
  }

  @Test
  @DisplayName("two sign-ups of twin names at the same moment: the one writer lets exactly one through")
  void twinRace() {
    AsyncApi client = new AsyncApi(node.app.vertx, "localhost", node.app.port(), 4);
    for (int round = 0; round < 5; round++) {
      String name = "race" + UUID.randomUUID().toString().replaceAll("[^a-f]", "").substring(0, 6);
      List<Future<Api.Response>> both = List.of(client.send("POST", "/api/auth/signup", null, body(name)),
        client.send("POST", "/api/auth/signup", null, body(name + ".")));
      List<Integer> statuses = both.stream().map(f -> AsyncApi.await(f).status()).sorted().toList();
      assertThat(statuses).as(name).containsExactly(201, 409);
    }
  }

  private static String added(String text) {
    Api.Response r = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", text).encode(),
      "Prefer", "wait=20");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("todoId");
  }

  private static Api.Response signup(String name) {
    return node.api.send("POST", "/api/auth/signup", null, body(name));
  }

  private static String body(String name) {
    return new JsonObject().put("username", name).put("password", AsyncApi.PASSWORD).encode();
  }
}
