package dev.eventual.collaboration;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.OneNode;
import dev.eventual.support.Xhr;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A SockJS session belongs to the user who opened it, over every transport and every request of it. */
class SocketSessionTest {
  @RegisterExtension
  static final OneNode node = OneNode.with("http.instances", "2");

  static JsonObject register(User user) {
    return new JsonObject().put("type", "register").put("address", "user." + user.userId())
      .put("headers", new JsonObject().put("ack", "true"));
  }

  @Test
  @DisplayName("an XHR session answers only requests that carry the session of the user who opened it; others get 403 and nothing of it")
  void xhrBoundToItsUser() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    Xhr xhr = new Xhr(node.app.port());
    assertThat(xhr.poll(bob.cookie()).body()).isEqualTo("o\n");
    assertThat(xhr.send(bob.cookie(), register(bob)).statusCode()).isEqualTo(204);

    for (String stranger : new String[] {null, ana.cookie(), "eventual_session=forged.token"}) {
      HttpResponse<String> poll = xhr.poll(stranger);
      assertThat(poll.statusCode()).as("poll with " + stranger).isEqualTo(403);
      assertThat(poll.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(poll.body()).doesNotContain(bob.userId());
      assertThat(xhr.send(stranger, new JsonObject().put("type", "unregister").put("address", "user." + bob.userId()))
        .statusCode()).as("send with " + stranger).isEqualTo(403);
      HttpResponse<java.io.InputStream> stream = xhr.stream(stranger);
      assertThat(stream.statusCode()).as("stream with " + stranger).isEqualTo(403);
      assertThat(new String(stream.body().readAllBytes())).doesNotContain(bob.userId());
    }

    assertThat(Xhr.frames(xhr.poll(bob.cookie())))
      .containsExactly(new JsonObject().put("type", "registered").put("address", "user." + bob.userId()));
    String listId = node.api.createList(bob, "bob's own");
    List<JsonObject> pushed = Xhr.frames(xhr.poll(bob.cookie()));
    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).getJsonObject("body").getString("listId")).as("still registered: the stranger's unregister did nothing")
      .isEqualTo(listId);
  }
}
