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

  @Test
  @DisplayName("each tab is a viewer: one of ana's two tabs leaving keeps her here, a tab coming in is told who is there")
  void tabs() throws Exception {
    User ana = api.signup(Api.uniqueName("ana"));
    User bob = api.signup(Api.uniqueName("bob"));
    String listId = api.createList(ana, "tabs");
    api.share(ana, listId, bob);
    String path = "/api/lists/" + listId + "/presence?tab=";
    try (Socket bobs = app.socket(bob.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      assertThat(api.send("PUT", path + "one", ana.cookie(), null).status()).isEqualTo(204);
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());
      assertThat(api.send("PUT", path + "two", ana.cookie(), null).status()).isEqualTo(204);
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());
      assertThat(api.send("DELETE", path + "one", ana.cookie(), null).status()).isEqualTo(204);
      // Had tab one's leaving hidden ana, bob's next message would be an empty set, not tab three's arrival.
      assertThat(api.send("PUT", path + "three", ana.cookie(), null).status()).isEqualTo(204);
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());
      for (String tab : new String[] {"two", "three"}) {
        assertThat(api.send("DELETE", path + tab, ana.cookie(), null).status()).isEqualTo(204);
      }
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds")).isEmpty();
      assertThat(api.send("PUT", path + "not%20a%20tab", ana.cookie(), null).status()).isEqualTo(400);
    }
  }
}
