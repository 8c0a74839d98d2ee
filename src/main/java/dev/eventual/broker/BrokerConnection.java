package dev.eventual.broker;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.NoOpMetricsCollector;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventual.config.Settings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One AMQP connection of one verticle, kept alive by us rather than by the client's own recovery (which
 * re-subscribes consumers with their original arguments and would replay a stream from its first offset).
 * On every connect it declares the topology, turns on publisher confirms and runs {@code onConnect}, which
 * (re)creates the verticle's consumers; {@link #generation()} tells deliveries of an old connection apart.
 *
 * <p>The hot path does not go through the Vert.x client, which runs every channel call as an ordered blocking task
 * on a worker thread: publishing uses a confirm-mode channel of its own, written from the event loop (a socket write
 * of a few frames; while the broker blocks publishers for a resource alarm, publishes fail fast instead), and
 * {@link #consume} gives each consumer a channel of its own, so a batch is acked with one multiple ack.
 */
public final class BrokerConnection {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
  private static final long WATCH_MS = 250;
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final long CONNECT_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final Settings settings;
  private final String name;
  private final Function<RabbitMQClient, Future<Void>> onConnect;
  private final Context context;
  private final int heartbeatSeconds;
  /** Which of the broker addresses the next connect tries: it moves on after a failure or a lost connection. */
  private int address;
  private RabbitMQClient client;
  private AtomicReference<Connection> connection = new AtomicReference<>();
  private Publisher publisher;
  private volatile boolean broken;
  private volatile String blockedBy;
  private boolean connected;
  private boolean stopped;
  private long generation;
  private long timer = -1;
  private long backoff = 100;
  private io.vertx.core.Handler<Boolean> stateHandler = up -> { };

  public BrokerConnection(Vertx vertx, Settings settings, String name, Function<RabbitMQClient, Future<Void>> onConnect) {
    this(vertx, settings, name, 10, onConnect);
  }

  /**
   * {@code heartbeatSeconds}: how long the broker waits for a silent (frozen, cut off) peer before it closes the
   * connection and hands that peer's deliveries, and single-active-consumer turns, to someone else.
   */
  public BrokerConnection(Vertx vertx, Settings settings, String name, int heartbeatSeconds,
                          Function<RabbitMQClient, Future<Void>> onConnect) {
    this.heartbeatSeconds = heartbeatSeconds;
    this.vertx = vertx;
    this.settings = settings;
    this.name = name;
    this.onConnect = onConnect;
    this.context = vertx.getOrCreateContext();
  }

  /** Completes once connected the first time; after that it reconnects by itself until {@link #stop()}. */
  public Future<Void> start() {
    return connect().onSuccess(v -> timer = vertx.setPeriodic(WATCH_MS, id -> watch()));
  }

  /** Told {@code true} on every (re)connect and {@code false} when the connection is lost. */
  public BrokerConnection stateHandler(io.vertx.core.Handler<Boolean> handler) {
    this.stateHandler = handler;
    return this;
  }

  public boolean isConnected() {
    return connected && !broken && client != null && client.isConnected() && client.isOpenChannel()
      && publisher != null && publisher.isOpen();
  }

  public long generation() {
    return generation;
  }

  /** Publishes a persistent message; succeeds only when the broker has confirmed it. */
  public Future<Void> publish(String exchange, String routingKey, Buffer body) {
    return publish(exchange, routingKey, body, null);
  }

  /** Publishes a persistent message with these AMQP headers (null: none); succeeds once the broker confirmed it. */
  public Future<Void> publish(String exchange, String routingKey, Buffer body, java.util.Map<String, Object> headers) {
    if (!isConnected()) {
      return Future.failedFuture(new BrokerUnavailable("not connected to RabbitMQ"));
    }
    String blocked = blockedBy;
    if (blocked != null) {
      return Future.failedFuture(new BrokerUnavailable("RabbitMQ is refusing publishers for now: " + blocked));
    }
    try {
      return publisher.publish(exchange, routingKey, body.getBytes(), headers);
    } catch (IOException | RuntimeException e) {
      broken = true;
      return Future.failedFuture(new BrokerUnavailable("publish failed: " + e.getMessage()));
    }
  }

  /**
   * Consumes {@code queue} with manual acks and {@code prefetch} on a channel of its own. Call it from
   * {@code onConnect}: the channel belongs to the current connection, and a lost or cancelled consumer makes
   * the whole connection reconnect, which runs {@code onConnect} again.
   */
  public Future<QueueConsumer> consume(String queue, int prefetch, Map<String, Object> arguments, Handler<Delivery> handler) {
    Connection amqp = connection.get();
    if (amqp == null) {
      return Future.failedFuture(new BrokerUnavailable("not connected to RabbitMQ"));
    }
    return vertx.executeBlocking(() -> {
      QueueConsumer consumer = new QueueConsumer(vertx, amqp.createChannel(), name, () -> broken = true);
      consumer.start(queue, prefetch, arguments, delivery -> context.runOnContext(v -> handler.handle(delivery)));
      return consumer;
    });
  }

  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    failUnconfirmed("connection closed");
    return client == null ? Future.succeededFuture() : client.stop().otherwiseEmpty();
  }

  private Future<Void> connect() {
    AtomicReference<Connection> amqp = new AtomicReference<>();
    String uri = settings.brokerUri(address);
    RabbitMQOptions options = new RabbitMQOptions().setUri(uri).setConnectionName(name)
      .setReconnectAttempts(0).setAutomaticRecoveryEnabled(false).setRequestedHeartbeat(heartbeatSeconds)
      .setConnectionTimeout(5000);
    options.setMetricsCollector(new NoOpMetricsCollector() {
      @Override
      public void newConnection(Connection connection) {
        amqp.set(connection);
      }
    });
    RabbitMQClient fresh = RabbitMQClient.create(vertx, options);
    connection = amqp;
    client = fresh;
    publisher = null;
    broken = false;
    blockedBy = null;
    generation++;
    Promise<Void> done = Promise.promise();
    long timeout = vertx.setTimer(CONNECT_TIMEOUT_MS,
      id -> done.tryFail(new BrokerUnavailable("connecting took longer than " + CONNECT_TIMEOUT_MS + " ms")));
    fresh.start()
      .compose(v -> Topology.declare(fresh, settings))
      .compose(v -> vertx.executeBlocking(() -> openPublisher(amqp.get())))
      .compose(opened -> {
        publisher = opened;
        return onConnect.apply(fresh);
      })
      .onComplete(ar -> {
        vertx.cancelTimer(timeout);
        if (ar.succeeded()) {
          done.tryComplete();
        } else {
          done.tryFail(ar.cause());
        }
      });
    return done.future()
      .onSuccess(v -> {
        connected = true;
        backoff = 100;
        stateHandler.handle(true);
        LOG.info("{}: connected to RabbitMQ at {} (generation {})", name, settings.brokers().get(Math.floorMod(address, settings.brokers().size())), generation);
      })
      .onFailure(err -> {
        LOG.warn("{}: could not connect to RabbitMQ at {}: {}", name, settings.brokers().get(Math.floorMod(address, settings.brokers().size())), err.getMessage());
        address++;
        abandon(amqp);
      });
  }

  /**
   * Aborts a connection from outside this verticle's context. The client runs its blocking calls in order per
   * calling context, so one RPC the broker never answers (a consume on a quorum queue without a leader, say) would
   * hold up every later call, including a stop() made from here, and a polite close would wait for the broker too.
   * Aborting closes the socket, which fails that RPC and frees the queue behind it.
   */
  private static void abandon(AtomicReference<Connection> stale) {
    Connection c = stale.get();
    if (c == null) {
      return;
    }
    Thread closer = new Thread(() -> c.abort(2_000), "eventual-broker-abandon");
    closer.setDaemon(true);
    closer.start();
  }

  /** A confirm-mode channel for publishing, watched like every channel of ours. */
  private Publisher openPublisher(Connection amqp) throws IOException {
    if (amqp == null) {
      throw new BrokerUnavailable("the AMQP connection went away while connecting");
    }
    watchAlarms(amqp);
    Publisher opened = Publisher.open(amqp, context);
    watchChannel(opened.channel());
    return opened;
  }

  /** While the broker blocks publishers (a resource alarm), publishes fail fast instead of waiting. */
  private void watchAlarms(Connection amqp) {
    amqp.addBlockedListener(new BlockedListener() {
      @Override
      public void handleBlocked(String reason) {
        LOG.warn("{}: RabbitMQ blocks publishers: {}", name, reason);
        blockedBy = reason;
      }

      @Override
      public void handleUnblocked() {
        LOG.info("{}: RabbitMQ takes publishes again", name);
        blockedBy = null;
      }
    });
  }

  /** A channel closed by the broker (not by us) breaks the connection: the watchdog reconnects. */
  private void watchChannel(Channel channel) {
    channel.addShutdownListener((ShutdownSignalException cause) -> {
      if (!cause.isInitiatedByApplication()) {
        broken = true;
      }
    });
  }

  private boolean reconnecting;

  private void watch() {
    if (stopped || reconnecting || isConnected()) {
      return;
    }
    if (connected) {
      connected = false;
      stateHandler.handle(false);
      LOG.warn("{}: lost the RabbitMQ connection; reconnecting", name);
    }
    failUnconfirmed("connection lost before the broker confirmed");
    reconnecting = true;
    abandon(connection);
    connect()
      .onComplete(ar -> {
        if (ar.failed()) {
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
          vertx.setTimer(backoff, id -> reconnecting = false);
        } else {
          reconnecting = false;
        }
      });
  }

  private void failUnconfirmed(String why) {
    if (publisher != null) {
      publisher.failAll(why);
    }
  }
}
