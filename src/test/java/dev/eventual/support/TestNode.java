package dev.eventual.support;

import dev.eventual.Main;
import dev.eventual.Node;
import dev.eventual.config.Settings;
import dev.eventual.web.HttpVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A whole Eventual node in this JVM, on a real RabbitMQ, in a namespace of its own. */
public final class TestNode implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final Node node;
  public final Api api;
  /** The management port's answers: /health, /metrics, /ready. */
  public final Api management;
  private final HttpVerticle.Ports ports;

  private TestNode(Settings settings) throws Exception {
    node = Node.of(settings);
    ports = Main.deploy(vertx, node).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    api = new Api(ports.http());
    management = new Api(ports.management());
  }

  public static String namespace() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Settings for tests: fast password hashing, any free port, the given overrides. */
  public static JsonObject config(String namespace, String... keyValues) {
    JsonObject config = new JsonObject().put("namespace", namespace).put("http.port", "0").put("management.port", "0")
      .put("auth.pbkdf2Iterations", "1000").put("auth.secret", "test-secret-test-secret-test-secret-0123")
      // Every test signs up its users from 127.0.0.1; the tests of the limits set their own.
      .put("auth.signupsPerAddressPerHour", "1000000")
      // Tests send commands as fast as they can, of a few users; LimitsTest sets the rate it tests.
      .put("limits.commandsPerSecond", "1000000").put("limits.commandBurst", "1000000")
      // Snapshots of test namespaces go with the build's output, and Namespace.delete removes them.
      .put("snapshot.dir", "target/snapshots");
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put(keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  public static TestNode start(String namespace, String... keyValues) throws Exception {
    return new TestNode(Settings.from(config(namespace, keyValues)));
  }

  public int port() {
    return ports.http();
  }

  public int managementPort() {
    return ports.management();
  }

  public Socket socket(String cookie) throws Exception {
    return Socket.connect(vertx, port(), cookie, null);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    node.tracing().close();
  }
}
