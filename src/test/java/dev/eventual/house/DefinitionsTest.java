package dev.eventual.house;

import dev.eventual.broker.Topology;
import dev.eventual.config.Settings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionsTest {

  @Test
  @DisplayName("rabbitmq/definitions.json describes exactly the queues the app declares for the default settings")
  void definitionsMatchTopology() throws Exception {
    JsonObject definitions = new JsonObject(Files.readString(Path.of("rabbitmq/definitions.json")));
    Settings defaults = Settings.from(new JsonObject());
    assertThat(definitions.getJsonArray("queues").stream().map(q -> ((JsonObject) q).getString("name")).toList())
      .containsExactlyElementsOf(Topology.queues(defaults));
    assertThat(definitions.getJsonArray("exchanges").stream().map(e -> ((JsonObject) e).getString("name")).toList())
      .containsExactlyElementsOf(Topology.exchanges(defaults));
    assertThat(definitions.getJsonArray("bindings")).hasSize(defaults.partitions());
  }
}
