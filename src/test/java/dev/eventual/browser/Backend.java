package dev.eventual.browser;

import dev.eventual.Main;
import dev.eventual.Node;
import dev.eventual.config.Settings;
import dev.eventual.support.Namespace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** One in-process node on a fresh namespace of the real RabbitMQ; deleted again when the test class is done. */
final class Backend implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 8);
  final Node node;
  final int port;

  Backend(JsonObject extra) throws Exception {
    JsonObject config = new JsonObject().put("namespace", namespace).put("http.port", "0").put("management.port", "0")
      .put("auth.pbkdf2Iterations", "1000").put("auth.signupsPerAddressPerHour", "1000000")
      .put("limits.commandsPerSecond", "1000000").put("limits.commandBurst", "1000000").mergeIn(extra);
    node = Node.of(Settings.from(config));
    port = Main.deploy(vertx, node).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).http();
  }

  String url() {
    return "http://localhost:" + port + "/";
  }

  /** How many todos of a list carry this text in the node's read model: the server's view of "exactly once". */
  long count(String listName, String text) {
    return node.readModel().state().allLists().stream().filter(l -> l.name().equals(listName) && !l.deleted())
      .flatMap(l -> l.todos().values().stream()).filter(t -> t.text().equals(text)).count();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Namespace.delete(namespace);
  }
}
