package dev.eventual.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.NoOpMetricsCollector;
import dev.eventual.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConfirmation;
import io.vertx.rabbitmq.RabbitMQOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One AMQP connection of one verticle, kept alive by us rather than by the client's own recovery (which
 * re-subscribes consumers with their original arguments and would replay a stream from its first offset).
 * On every connect it declares the topology, turns on publisher confirms and runs {@code onConnect}, which
 * (re)creates the verticle's consumers; {@link #generation()} tells deliveries of an old connection apart.
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
  private final Map<Long, Promise<Void>> unconfirmed = new ConcurrentSkipListMap<>();
  private RabbitMQClient client;
  private AtomicReference<Connection> connection = new AtomicReference<>();
  private boolean connected;
  private boolean stopped;
  private long generation;
  private long timer = -1;
  private long backoff = 100;
  private io.vertx.core.Handler<Boolean> stateHandler = up -> { };

  public BrokerConnection(Vertx vertx, Settings settings, String name, Function<RabbitMQClient, Future<Void>> onConnect) {
    this.vertx = vertx;
    this.settings = settings;
    this.name = name;
    this.onConnect = onConnect;
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
    return connected && client != null && client.isConnected() && client.isOpenChannel();
  }

  public long generation() {
    return generation;
  }

  /** Publishes a persistent message; succeeds only when the broker has confirmed it. */
  public Future<Void> publish(String exchange, String routingKey, Buffer body) {
    if (!isConnected()) {
      return Future.failedFuture(new BrokerUnavailable("not connected to RabbitMQ"));
    }
    Promise<Void> confirmed = Promise.promise();
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
      .deliveryMode(2).contentType("application/json").build();
    client.basicPublishWithDeliveryTag(exchange, routingKey, props, body, tag -> unconfirmed.put(tag, confirmed))
      .onFailure(err -> confirmed.tryFail(new BrokerUnavailable("publish failed: " + err.getMessage())));
    return confirmed.future();
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
    RabbitMQOptions options = new RabbitMQOptions().setUri(settings.amqpUri()).setConnectionName(name)
      .setReconnectAttempts(0).setAutomaticRecoveryEnabled(false).setRequestedHeartbeat(10).setConnectionTimeout(5000);
    options.setMetricsCollector(new NoOpMetricsCollector() {
      @Override
      public void newConnection(Connection connection) {
        amqp.set(connection);
      }
    });
    RabbitMQClient fresh = RabbitMQClient.create(vertx, options);
    connection = amqp;
    client = fresh;
    generation++;
    Promise<Void> done = Promise.promise();
    long timeout = vertx.setTimer(CONNECT_TIMEOUT_MS,
      id -> done.tryFail(new BrokerUnavailable("connecting took longer than " + CONNECT_TIMEOUT_MS + " ms")));
    fresh.start()
      .compose(v -> Topology.declare(fresh, settings))
      .compose(v -> fresh.addConfirmListener(Integer.MAX_VALUE))
      .compose(stream -> {
        stream.handler(this::confirm);
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
        LOG.info("{}: connected to RabbitMQ (generation {})", name, generation);
      })
      .onFailure(err -> {
        LOG.warn("{}: could not connect to RabbitMQ: {}", name, err.getMessage());
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

  private void confirm(RabbitMQConfirmation c) {
    Map<Long, Promise<Void>> done = c.isMultiple()
      ? ((ConcurrentSkipListMap<Long, Promise<Void>>) unconfirmed).headMap(c.getDeliveryTag(), true)
      : Map.of(c.getDeliveryTag(), unconfirmed.getOrDefault(c.getDeliveryTag(), Promise.promise()));
    for (Promise<Void> p : done.values()) {
      if (c.isSucceeded()) {
        p.tryComplete();
      } else {
        p.tryFail(new BrokerUnavailable("RabbitMQ refused the message (nack)"));
      }
    }
    if (c.isMultiple()) {
      done.clear();
    } else {
      unconfirmed.remove(c.getDeliveryTag());
    }
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
    unconfirmed.values().forEach(p -> p.tryFail(new BrokerUnavailable(why)));
    unconfirmed.clear();
  }

  /** The broker is unreachable or did not take a message: the caller may retry later. */
  public static final class BrokerUnavailable extends RuntimeException {
    public BrokerUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
