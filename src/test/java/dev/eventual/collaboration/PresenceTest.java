package dev.eventual.collaboration;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  @Test
  @DisplayName("members are told who is looking at a list, and when they leave; a non-member cannot announce itself")
  void whoIsHere() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    User eve = node.api.signup(Api.uniqueName("eve"));
    String listId = node.api.createList(ana, "watched");
    node.api.share(ana, listId, bob);
    try (Socket bobs = node.app.socket(bob.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      assertThat(node.api.send("PUT", "/api/lists/" + listId + "/presence", eve.cookie(), null).status()).isEqualTo(404);
      assertThat(node.api.send("PUT", "/api/lists/" + listId + "/presence", ana.cookie(), null).status()).isEqualTo(204);
      JsonObject here = bobs.nextMessage(10);
      assertThat(here.getString("action")).isEqualTo("presence");
      assertThat(here.getString("listId")).isEqualTo(listId);
      assertThat(here.getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());

      assertThat(node.api.send("DELETE", "/api/lists/" + listId + "/presence", ana.cookie(), null).status()).isEqualTo(204);
      JsonObject gone = bobs.nextMessage(10);
      assertThat(gone.getJsonObject("payload").getJsonArray("userIds")).isEmpty();
    }
  }

  @Test
  @DisplayName("each tab is a viewer: one of ana's two tabs leaving keeps her here, a tab coming in is told who is there")
  void tabs() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    String listId = node.api.createList(ana, "tabs");
    node.api.share(ana, listId, bob);
    String path = "/api/lists/" + listId + "/presence?tab=";
    try (Socket bobs = node.app.socket(bob.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      assertThat(node.api.send("PUT", path + "one", ana.cookie(), null).status()).isEqualTo(204);
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());
      assertThat(node.api.send("PUT", path + "two", ana.cookie(), null).status()).isEqualTo(204);
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());
      assertThat(node.api.send("DELETE", path + "one", ana.cookie(), null).status()).isEqualTo(204);
      // Had tab one's leaving hidden ana, bob's next message would be an empty set, not tab three's arrival.
      assertThat(node.api.send("PUT", path + "three", ana.cookie(), null).status()).isEqualTo(204);
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds").getList()).containsExactly(ana.userId());
      for (String tab : new String[] {"two", "three"}) {
        assertThat(node.api.send("DELETE", path + tab, ana.cookie(), null).status()).isEqualTo(204);
      }
      assertThat(bobs.nextMessage(10).getJsonObject("payload").getJsonArray("userIds")).isEmpty();
      assertThat(node.api.send("PUT", path + "not%20a%20tab", ana.cookie(), null).status()).isEqualTo(400);
    }
  }
}
