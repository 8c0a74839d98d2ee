package dev.eventual;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.Socket;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceTest {
  static String ns = TestNode.namespace();
  static TestNode app;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app = TestNode.start(ns);
    api = app.api;
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    Namespace.delete(ns);
  }

  @Test
  @DisplayName("members are told who is looking at a list, and when they leave; a non-member cannot announce itself")
  void whoIsHere() throws Exception {
    User ana = api.signup(Api.uniqueName("ana"));
    User bob = api.signup(Api.uniqueName("bob"));
    User eve = api.signup(Api.uniqueName("eve"));
    String listId = api.createList(ana, "watched");
    api.share(ana, listId, bob);
    try (Socket bobs = app.socket(bob.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      assertThat(api.send("PUT", "/api/lists/" + listId + "/presence", eve.cookie(), null).status()).isEqualTo(404);
      assertThat(api.send("PUT", "/api/lists/" + listId + "/presence", ana.cookie(), null).status()).isEqualTo(204);
      JsonObject here = bobs.nextMessage(10);
      assertThat(here.getString("action")).isEqualTo("presence");
      assertThat(here.getString("listId")).isEqualTo(listId);
      assertThat(here.getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());

      assertThat(api.send("DELETE", "/api/lists/" + listId + "/presence", ana.cookie(), null).status()).isEqualTo(204);
      JsonObject gone = bobs.nextMessage(10);
      assertThat(gone.getJsonObject("payload").getJsonArray("userIds")).isEmpty();
    }
  }
}
