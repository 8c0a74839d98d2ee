package dev.eventual.spine;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The two ways a node can read the event stream (events.transport) must fold the same log into the same state. */
class TransportTest {

  @Test
  @DisplayName("a node reading over the stream protocol and one reading over AMQP agree on every list, outcome and cursor")
  void bothTransportsAgree() throws Exception {
    String ns = TestNode.namespace();
    try (TestNode streams = TestNode.start(ns);
         TestNode amqp = TestNode.start(ns, "events.transport", "amqp", "processor.instances", "0")) {
      User ana = streams.api.signup(Api.uniqueName("ana"));
      String listId = streams.api.createList(ana, "read twice");
      for (int i = 0; i < 20; i++) {
        assertThat(streams.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
          new JsonObject().put("text", "todo " + i).encode()).status()).isEqualTo(202);
      }
      var rejected = streams.api.command(ana, "DELETE", "/api/lists/" + listId + "/todos/" + UUID.randomUUID(), null,
        "Prefer", "wait=15");
      assertThat(rejected.status()).isEqualTo(404);
      // Folded on the AMQP node means everything before it in the log is folded there too.
      assertThat(amqp.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
        new JsonObject().put("text", "last").encode(), "Prefer", "wait=15").status()).isEqualTo(201);
      streams.api.listAtVersion(ana, listId, 22);

      for (String path : List.of("/api/lists/" + listId, "/api/lists", "/api/events?after=-1")) {
        assertThat(amqp.api.get(ana, path).body()).as(path).isEqualTo(streams.api.get(ana, path).body());
      }
      // A command's hops are those each node saw (accepted and confirmed only where it was accepted); its trace is one.
      String command = "/api/commands/" + rejected.json().getString("commandId");
      JsonObject overAmqp = amqp.api.get(ana, command).json();
      JsonObject overStreams = streams.api.get(ana, command).json();
      assertThat(overAmqp.getJsonObject("hops").fieldNames()).contains("dequeued", "decided", "folded", "pushed");
      overAmqp.remove("hops");
      overStreams.remove("hops");
      assertThat(overAmqp).as(command).isEqualTo(overStreams);
      assertThat(overAmqp.getString("traceId")).matches("[0-9a-f]{32}");
      assertThat(amqp.node.readModel().state().cursor()).isEqualTo(streams.node.readModel().state().cursor());
    } finally {
      Namespace.delete(ns);
    }
  }
}
