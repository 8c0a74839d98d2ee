package dev.eventual.collaboration;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.Sse;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/events/stream} read as curl reads it: two nodes of one namespace, a small window, a small bound. */
class EventStreamTest {
  static final int WINDOW = 100;
  static final int DEPTH = 200;
  static String ns = TestNode.namespace();
  static TestNode one;
  static TestNode two;

  @BeforeAll
  static void start() throws Exception {
    one = TestNode.start(ns, "events.window", String.valueOf(WINDOW), "events.resumeDepth", String.valueOf(DEPTH));
    two = TestNode.start(ns, "events.window", String.valueOf(WINDOW), "events.resumeDepth", String.valueOf(DEPTH));
  }

  @AfterAll
  static void stop() throws Exception {
    one.close();
    two.close();
    Namespace.delete(ns);
  }

  static String todo(String text) {
    return new JsonObject().put("text", text).encode();
  }

  /** Adds {@code n} todos and returns their Idempotency-Keys (commandIds), in order. */
  static List<String> addTodos(Api api, User user, String listId, int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = java.util.UUID.randomUUID().toString();
      assertThat(api.commandWithKey(user, key, "POST", "/api/lists/" + listId + "/todos", todo("t" + i)).status()).isEqualTo(202);
      keys.add(key);
    }
    return keys;
  }

  @Test
  @DisplayName("a stream carries each of the caller's events as id: cursor, event: action, data: the frontend message; proxy-proof headers, a jittered retry")
  void receives() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    try (Sse stream = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Accept-Encoding", "gzip, deflate, br")) {
      assertThat(stream.status).isEqualTo(200);
      assertThat(stream.headers.firstValue("content-encoding")).as("never held back in a deflater").isIn(java.util.Optional.empty(),
        java.util.Optional.of("identity"));
      assertThat(stream.headers.firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
      assertThat(stream.headers.firstValue("cache-control")).hasValue("no-store");
      assertThat(stream.headers.firstValue("x-accel-buffering")).hasValue("no");
      String listId = one.api.createList(ana, "groceries");
      List<String> keys = addTodos(one.api, ana, listId, 3);
      List<Sse.Event> events = stream.take(4, 10);
      assertThat(events).extracting(Sse.Event::event).containsExactly("list-create", "todo-create", "todo-create", "todo-create");
      assertThat(events.subList(1, 4)).extracting(e -> e.json().getString("commandId")).containsExactlyElementsOf(keys);
      for (Sse.Event e : events) {
        assertThat(e.json().getLong("cursor")).isEqualTo(e.cursor());
        assertThat(e.json().getString("listId")).isEqualTo(listId);
      }
      assertThat(stream.retry).isBetween(1_000L, 6_000L);
    }
  }

  @Test
  @DisplayName("a quiet stream carries a heartbeat comment every 15 s, so no proxy takes it for a dead one")
  void heartbeat() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    try (Sse stream = Sse.open(one.port(), ana.cookie())) {
      long start = System.nanoTime();
      while (!stream.comments.contains("heartbeat")) {
        assertThat(System.nanoTime() - start).as("a heartbeat within 16 s").isLessThan(16_000_000_000L);
        assertThat(stream.awaitEnd(0)).isFalse();
        Thread.sleep(100);
      }
      assertThat(stream.drain()).as("a comment is no event").isEmpty();
    }
  }

  @Test
  @DisplayName("over HTTP/2 cleartext (h2c) the stream is one HTTP/2 stream and its events arrive as they happen")
  void h2c() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    try (Sse stream = Sse.openH2c(one.port(), ana.cookie())) {
      assertThat(stream.status).isEqualTo(200);
      assertThat(stream.version).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
      String listId = one.api.createList(ana, "h2");
      assertThat(stream.next(10).json().getString("listId")).isEqualTo(listId);
      String key = addTodos(one.api, ana, listId, 1).get(0);
      assertThat(stream.next(10).json().getString("commandId")).isEqualTo(key);
    }
  }

  @Test
  @DisplayName("nothing of another user is on a stream: bob's first event is his own, after ana's five")
  void onlyTheCallersEvents() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    User bob = one.api.signup(Api.uniqueName("bob"));
    try (Sse bobs = Sse.open(one.port(), bob.cookie()); Sse anas = Sse.open(two.port(), ana.cookie())) {
      String listId = one.api.createList(ana, "private");
      addTodos(one.api, ana, listId, 4);
      assertThat(anas.take(5, 10)).allMatch(e -> e.json().getString("listId").equals(listId));
      String own = one.api.createList(bob, "his");
      Sse.Event first = bobs.next(10);
      assertThat(first.json().getString("listId")).isEqualTo(own);
      assertThat(bobs.drain()).isEmpty();
    }
  }

  @Test
  @DisplayName("Last-Event-ID and ?lastEventId= resume right after the cursor, on the same node and on the other: nothing lost, nothing twice")
  void resumes() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    String listId = one.api.createList(ana, "resume");
    long seen;
    try (Sse stream = Sse.open(one.port(), ana.cookie())) {
      List<String> before = addTodos(one.api, ana, listId, 5);
      List<Sse.Event> got = stream.take(5, 10);
      assertThat(got).extracting(e -> e.json().getString("commandId")).containsExactlyElementsOf(before);
      seen = got.get(4).cursor();
    }
    List<String> missed = addTodos(one.api, ana, listId, 5);
    one.api.listAtVersion(ana, listId, 11);
    for (var open : List.<Opener>of(
      () -> Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Last-Event-ID", String.valueOf(seen)),
      () -> Sse.open(two.port(), "/api/events/stream?lastEventId=" + seen, ana.cookie()))) {
      try (Sse again = open.open()) {
        two.api.listAtVersion(ana, listId, 11);
        List<Sse.Event> got = again.take(missed.size(), 10);
        assertThat(got).extracting(e -> e.json().getString("commandId")).containsExactlyElementsOf(missed);
        String live = addTodos(one.api, ana, listId, 1).get(0);
        assertThat(again.next(10).json().getString("commandId")).isEqualTo(live);
        missed.add(live);
        assertThat(again.drain()).isEmpty();
      }
    }
  }

  interface Opener {
    Sse open() throws Exception;
  }

  @Test
  @DisplayName("older than events.window, a resume reads the caller's events from the stream itself; past events.resumeDepth the first thing is event: reset")
  void pastTheWindowAndPastTheBound() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    User bob = one.api.signup(Api.uniqueName("bob"));
    String listId = one.api.createList(ana, "long");
    String bobs = one.api.createList(bob, "noise");
    addTodos(one.api, bob, bobs, 150);
    one.api.listAtVersion(bob, bobs, 151);
    long start = one.node.readModel().state().cursor();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.addAll(addTodos(one.api, ana, listId, 50));
      addTodos(one.api, bob, bobs, 10);
    }
    one.api.listAtVersion(ana, listId, 151);
    one.api.listAtVersion(bob, bobs, 181);
    assertThat(one.node.readModel().window().keptAfter()).as("the window no longer holds the start").isGreaterThan(start);
    try (Sse again = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Last-Event-ID", String.valueOf(start))) {
      List<Sse.Event> got = again.take(150, 20);
      assertThat(got).extracting(e -> e.json().getString("commandId")).containsExactlyElementsOf(keys);
      assertThat(got).extracting(Sse.Event::cursor).isSorted().doesNotHaveDuplicates();
    }
    JsonObject page = one.api.get(ana, "/api/events?after=" + start).json();
    assertThat(page.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("commandId")).toList())
      .as("GET /api/events?after= resumes as deep").containsExactlyElementsOf(keys);

    long head = one.node.readModel().state().cursor();
    long tooOld = head - DEPTH - 1;
    assertThat(tooOld).isGreaterThanOrEqualTo(0);
    try (Sse reset = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Last-Event-ID", String.valueOf(tooOld))) {
      Sse.Event verdict = reset.next(10);
      assertThat(verdict.event()).isEqualTo("reset");
      assertThat(verdict.cursor()).isGreaterThanOrEqualTo(head);
      assertThat(verdict.json().getLong("cursor")).isEqualTo(verdict.cursor());
      assertThat(verdict.json().getString("reason")).contains("events.resumeDepth");
      String live = addTodos(one.api, ana, listId, 1).get(0);
      assertThat(reset.next(10).json().getString("commandId")).as("live after the verdict").isEqualTo(live);
    }
    Api.Response gone = one.api.get(ana, "/api/events?after=" + tooOld);
    assertProblem(gone, 410);
    assertThat(gone.json().getLong("cursor")).isGreaterThanOrEqualTo(head);
  }

  @Test
  @DisplayName("the door: no session 401, a foreign origin 403, a Last-Event-ID that is no cursor 400, one beyond the head a reset; never a 5xx")
  void door() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    try (Sse none = Sse.open(one.port(), null)) {
      assertThat(none.status).isEqualTo(401);
      assertThat(none.problem().getString("type")).isEqualTo("/problems/unauthorized");
    }
    try (Sse foreign = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Origin", "http://evil.example")) {
      assertThat(foreign.status).isEqualTo(403);
      assertThat(foreign.problem().getString("type")).isEqualTo("/problems/foreign-origin");
    }
    try (Sse own = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Origin", "http://127.0.0.1:" + one.port())) {
      assertThat(own.status).isEqualTo(200);
    }
    for (String bad : List.of("abc", "-1", "-5", "1.5", "0x10", "99999999999999999999", " 1 2")) {
      try (Sse s = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Last-Event-ID", bad)) {
        assertThat(s.status).as(bad).isEqualTo(400);
        assertThat(s.problem().getString("type")).isEqualTo("/problems/invalid-last-event-id");
      }
      try (Sse s = Sse.open(one.port(), "/api/events/stream?lastEventId=" + java.net.URLEncoder.encode(bad, "UTF-8"), ana.cookie())) {
        assertThat(s.status).as(bad).isEqualTo(400);
      }
    }
    Api.Response head = one.api.send("HEAD", "/api/events/stream", ana.cookie(), null);
    assertThat(head.status()).as("HEAD answers and ends, it does not open a stream").isEqualTo(200);
    assertThat(head.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    long last = one.node.readModel().state().cursor();
    try (Sse beyond = Sse.open(one.port(), "/api/events/stream", ana.cookie(), "Last-Event-ID", String.valueOf(last + 1_000_000))) {
      assertThat(beyond.status).isEqualTo(200);
      Sse.Event verdict = beyond.next(10);
      assertThat(verdict.event()).isEqualTo("reset");
      assertThat(verdict.json().getString("reason")).contains("beyond the log's head");
    }
  }

  @Test
  @DisplayName("logout ends the session's streams on both nodes with event: close 4001; another session's stream goes on")
  void logoutCloses() throws Exception {
    User ana = one.api.signup(Api.uniqueName("ana"));
    Api.Response again = one.api.send("POST", "/api/auth/login", null,
      new JsonObject().put("username", ana.username()).put("password", "password-1").encode());
    assertThat(again.status()).isEqualTo(200);
    two.api.get(ana, "/api/me");
    try (Sse onOne = Sse.open(one.port(), ana.cookie()); Sse onTwo = Sse.open(two.port(), ana.cookie());
         Sse other = Sse.open(one.port(), again.cookie())) {
      assertThat(onTwo.status).isEqualTo(200);
      assertThat(one.api.send("POST", "/api/auth/logout", ana.cookie(), null).status()).isEqualTo(204);
      for (Sse s : List.of(onOne, onTwo)) {
        Sse.Event close = s.next(10);
        assertThat(close.event()).isEqualTo("close");
        assertThat(close.json().getInteger("code")).isEqualTo(4001);
        assertThat(s.awaitEnd(5)).isTrue();
      }
      assertThat(other.awaitEnd(0)).isFalse();
      one.api.createList(new User(ana.userId(), ana.username(), again.cookie()), "still");
      assertThat(other.next(10).event()).isEqualTo("list-create");
    }
    try (Sse refused = Sse.open(two.port(), ana.cookie())) {
      assertThat(refused.status).isEqualTo(401);
    }
  }
}
