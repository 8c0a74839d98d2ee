package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.Socket;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated command bodies and bridge frames: never a 5xx, never a foreign event on a socket. */
class GenerativeTest {
  static String ns = TestNode.namespace();
  static TestNode app;
  static Api api;
  static User ana;
  static User eve;
  static String listId;
  static String evesList;
  static String quietList;

  @BeforeContainer
  static void start() throws Exception {
    app = TestNode.start(ns);
    api = app.api;
    ana = api.signup(Api.uniqueName("ana"));
    eve = api.signup(Api.uniqueName("eve"));
    listId = api.createList(ana, "generated");
    evesList = api.createList(eve, "private");
    quietList = api.createList(ana, "never a target of generated commands");
  }

  @AfterContainer
  static void stop() throws Exception {
    app.close();
    Namespace.delete(ns);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<Object> value = Arbitraries.oneOf(
      Arbitraries.strings().ofMaxLength(600).map(s -> (Object) s),
      Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(40).map(s -> (Object) s),
      Arbitraries.integers().map(i -> (Object) i),
      Arbitraries.of(true, false, "", " ").map(v -> (Object) v),
      Arbitraries.just(null),
      Arbitraries.doubles().map(d -> (Object) d));
    Arbitrary<String> field = Arbitraries.of("text", "completed", "expectedVersion", "name", "username", "userId", "actor", "__proto__");
    Arbitrary<String> json = Combinators.combine(field.list().ofMaxSize(4), value.list().ofSize(4)).as((fields, values) -> {
      JsonObject o = new JsonObject();
      for (int i = 0; i < fields.size(); i++) {
        o.put(fields.get(i), values.get(i));
      }
      return o.encode();
    });
    Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(200);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, json), net.jqwik.api.Tuple.of(1, garbage));
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("/api/lists", "/api/lists/" + "LIST", "/api/lists/LIST/todos", "/api/lists/LIST/members",
      "/api/lists/LIST/todos/" + java.util.UUID.randomUUID());
  }

  @Property(tries = 150)
  void anyCommandBodyGetsAnAnswerThatIsNotAServerError(@ForAll("bodies") String body, @ForAll("paths") String path,
                                                       @ForAll("methods") String method) {
    Api.Response r = api.command(ana, method, path.replace("LIST", listId), body);
    assertThat(r.status()).as(method + " " + path + " " + body).isBetween(200, 499);
    if (r.status() >= 400) {
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("POST", "PATCH", "DELETE");
  }

  @Provide
  Arbitrary<List<String>> frameLists() {
    return frames().list().ofMaxSize(20);
  }

  Arbitrary<String> frames() {
    Arbitrary<String> type = Arbitraries.of("register", "unregister", "send", "publish", "ping", "rec", "err", "", "REGISTER");
    Arbitrary<String> address = Arbitraries.oneOf(
      Arbitraries.of("user.EVE", "user.*", "user.>", "user.EVE.x", "eventual.internal.folded", "", "user."),
      Arbitraries.strings().ofMaxLength(60).map(s -> "user." + s));
    Arbitrary<String> json = Combinators.combine(type, address).as((t, a) ->
      new JsonObject().put("type", t).put("address", a.replace("EVE", eve.userId())).put("body", new JsonObject()).encode());
    return Arbitraries.oneOf(json, Arbitraries.strings().ofMaxLength(100));
  }

  @Property(tries = 60)
  void noFrameLetsASocketSeeAnotherUsersEvents(@ForAll("frameLists") List<String> frames) throws Exception {
    try (Socket socket = app.socket(ana.cookie())) {
      for (String frame : frames) {
        socket.sendRaw(frame);
      }
      var r = api.command(eve, "POST", "/api/lists/" + evesList + "/todos", "{\"text\":\"secret\"}", "Prefer", "wait=10");
      assertThat(r.status()).isEqualTo(201);
      var own = api.command(ana, "POST", "/api/lists/" + quietList + "/todos", "{\"text\":\"mine\"}", "Prefer", "wait=10");
      assertThat(own.status()).isEqualTo(201);
      // Whatever the frames did, nothing of eve's may have arrived; ana's own event proves the stream went past it.
      for (JsonObject frame : socket.drain()) {
        assertThat(frame.encode()).doesNotContain("secret").doesNotContain(evesList);
      }
    }
    assertThat(app.management.get(null, "/health").status()).isEqualTo(200);
  }
}
