package dev.eventual;

import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.config.ConfigException;
import dev.eventual.config.ConfigLoader;
import dev.eventual.config.Logs;
import dev.eventual.config.Settings;
import dev.eventual.eventlog.EventLogVerticle;
import dev.eventual.processor.ProcessorVerticle;
import dev.eventual.socket.PresenceVerticle;
import dev.eventual.web.HttpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Composes a node: checks the broker, then deploys the verticles in dependency order (consumers before HTTP). */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Settings settings;
    Node node;
    try {
      settings = Settings.from(ConfigLoader.load(args, System.getenv()));
      Logs.apply(settings.log());
      node = Node.of(settings);
      awaitBroker(settings);
    } catch (ConfigException e) {
      System.err.println("eventual: " + e.getMessage());
      System.exit(2);
      return;
    } catch (BrokerUnreachable e) {
      System.err.println("eventual: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (settings.auth().secret().isEmpty()) {
      LOG.info("auth.secret is not set: sessions are signed with the secret kept in {}; nodes on other machines accept"
        + " them only with its content as their auth.secret", settings.auth().secretFile());
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops(settings)));
    HttpVerticle.Ports ports;
    try {
      ports = deploy(vertx, node).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("eventual: start-up failed: " + (cause.getMessage() != null ? cause.getMessage() : cause));
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CompletableFuture.runAsync(
      () -> vertx.close().toCompletionStage().toCompletableFuture().join()).orTimeout(10, TimeUnit.SECONDS)
      .whenComplete((v, e) -> node.tracing().close()).join()));
    LOG.info("Eventual is up on http://localhost:{} (node {}, namespace '{}'; /health and /metrics on {}:{})", ports.http(),
      node.nodeId(), settings.namespace(), settings.management().host(), ports.management());
  }

  /**
   * One event loop per verticle instance (at least two per core): loops are handed out round-robin, and with the
   * default pool the HTTP verticle shared a loop with the event log, so every burst of folding held up accepts.
   */
  static int eventLoops(Settings s) {
    int verticles = 2 + s.processor().instances() + s.http().instances();
    return Math.max(2 * Runtime.getRuntime().availableProcessors(), verticles);
  }

  /**
   * Deploys a node's verticles in the order they depend on each other: the event log first (it completes once the
   * read model has caught up with the log, which the others check), then presence, processors and HTTP last.
   * Completes with the ports it listens on.
   */
  public static Future<HttpVerticle.Ports> deploy(Vertx vertx, Node node) {
    Settings s = node.settings();
    vertx.eventBus().registerDefaultCodec(Addresses.Push.class, new Addresses.Push.Codec());
    Promise<HttpVerticle.Ports> port = Promise.promise();
    // Presence and the processors need only the caught-up read model, not each other: they start side by side.
    return vertx.deployVerticle(new EventLogVerticle(s, node.nodeId(), node.readModel(), node.metrics(), node.tracing()))
      .compose(id -> Future.all(vertx.deployVerticle(new PresenceVerticle(s, node.nodeId(), node.readModel())),
        s.processor().instances() == 0 ? Future.succeededFuture(id) : vertx.deployVerticle(() -> new ProcessorVerticle(s,
          node.nodeId(), node.readModel(), node.chaos(), node.metrics(), node.partitions(), node.tracing()),
          new DeploymentOptions().setInstances(s.processor().instances()))))
      .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(node, port::tryComplete),
        new DeploymentOptions().setInstances(s.http().instances())))
      .compose(id -> port.future());
  }

  /** Waits up to amqp.startupWaitSeconds for the broker to accept a connection, so a missing one is one clear line. */
  static void awaitBroker(Settings settings) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.amqp().startupWaitSeconds());
    String lastError;
    int attempt = 0;
    do {
      ConnectionFactory factory = new ConnectionFactory();
      try {
        factory.setUri(settings.brokerUri(attempt++));
      } catch (Exception e) {
        throw new ConfigException("amqp.uri is not usable: " + e.getMessage());
      }
      factory.setConnectionTimeout(2000);
      try (var connection = factory.newConnection("eventual-preflight")) {
        return;
      } catch (Exception e) {
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      try {
        Thread.sleep(500 / settings.brokers().size());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    throw new BrokerUnreachable("cannot reach RabbitMQ at " + String.join(", ", settings.brokers()) + " within "
      + settings.amqp().startupWaitSeconds() + " s (" + lastError + "). Start one with rabbitmq/start.sh,"
      + " or point --amqp.uri / EVENTUAL_AMQP_URI (or --amqp.addresses) at a running broker.");
  }

  static final class BrokerUnreachable extends RuntimeException {
    BrokerUnreachable(String message) {
      super(message, null, false, false);
    }
  }
}
