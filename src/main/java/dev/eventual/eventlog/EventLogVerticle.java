package dev.eventual.eventlog;

import dev.eventual.Addresses;
import dev.eventual.Node;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.domain.Event;
import dev.eventual.domain.EventTypes;
import dev.eventual.domain.Messages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Tails the event stream from the first offset and folds every event into the node's read model, then tells the
 * rest of the node: the socket router, and anyone waiting for an outcome, a list version or a fence. Start-up
 * completes once the node has read back a marker it appended, i.e. once it has caught up with the log.
 */
public class EventLogVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventLogVerticle.class);
  private static final int PREFETCH = 1000;

  private final Node node;
  private final EventReader reader = new EventReader();
  private BrokerConnection broker;
  private long unacked;
  private long lastTag;
  private long consumerGeneration;

  public EventLogVerticle(Node node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    broker = new BrokerConnection(vertx, node.settings(), "eventual-eventlog-" + node.nodeId(), this::subscribe)
      .stateHandler(node::logConnected);
    return broker.start().compose(v -> catchUp());
  }

  @Override
  public Future<?> stop() {
    return broker.stop();
  }

  private Future<Void> subscribe(RabbitMQClient client) {
    long generation = broker.generation();
    unacked = 0;
    Map<String, Object> args = new HashMap<>();
    args.put("x-stream-offset", node.state().cursor() + 1);
    QueueOptions options = new QueueOptions().setAutoAck(false);
    options.setConsumerArguments(args);
    return client.basicQos(PREFETCH, false)
      .compose(v -> client.basicConsumer(node.settings().eventStream(), options))
      .onSuccess(consumer -> {
        consumerGeneration = generation;
        consumer.handler(message -> fold(client, generation, message));
      })
      .mapEmpty();
  }

  private Future<Void> catchUp() {
    String fenceId = "start-" + UUID.randomUUID();
    Promise<Void> seen = Promise.promise();
    var consumer = vertx.eventBus().<JsonObject>localConsumer(Addresses.fence(fenceId), m -> seen.tryComplete());
    return consumer.completion()
      .compose(v -> appendFence(fenceId))
      .compose(v -> seen.future())
      .onComplete(ar -> consumer.unregister())
      .onSuccess(v -> {
        node.caughtUp(true);
        LOG.info("read model caught up: {} events folded, cursor {}", node.state().eventCount(), node.state().cursor());
      });
  }

  private Future<Void> appendFence(String fenceId) {
    Event fence = new Event(UUID.randomUUID().toString(), EventTypes.FENCE, null, 0, null, null,
      java.util.List.of(), java.time.Instant.now().toString(), new JsonObject().put("fenceId", fenceId), -1);
    return broker.publish("", node.settings().eventStream(), fence.toJson().toBuffer());
  }

  private void fold(RabbitMQClient client, long generation, RabbitMQMessage message) {
    if (generation != consumerGeneration) {
      return;
    }
    long offset = offsetOf(message);
    if (offset > node.state().cursor()) {
      Event event;
      try {
        byte[] bytes = message.body().getBytes();
        event = reader.read(bytes, 0, bytes.length, offset);
      } catch (IOException | RuntimeException e) {
        LOG.error("skipping unreadable entry at offset {}: {}", offset, e.getMessage());
        event = null;
      }
      if (event != null && applied(event)) {
        announce(event);
      }
    }
    lastTag = message.envelope().getDeliveryTag();
    if (++unacked >= PREFETCH / 2) {
      unacked = 0;
      client.basicAck(lastTag, true).onFailure(err -> LOG.debug("stream ack failed: {}", err.getMessage()));
    }
  }

  private boolean applied(Event event) {
    try {
      node.state().apply(event);
      node.metrics().folded();
      return true;
    } catch (RuntimeException e) {
      LOG.error("skipping event at offset {} that cannot be folded: {}", event.cursor(), e.toString());
      return false;
    }
  }

  private void announce(Event event) {
    EventBus bus = vertx.eventBus();
    if (EventTypes.FENCE.equals(event.type())) {
      bus.publish(Addresses.fence(event.payload().getString("fenceId")), new JsonObject().put("cursor", event.cursor()));
      return;
    }
    node.window().add(event);
    if (!node.caughtUp()) {
      return;
    }
    JsonObject message = Messages.toFrontend(event, node.state());
    if (event.listId() != null) {
      bus.publish(Addresses.list(event.listId()), event.version());
    }
    if (event.isTerminal()) {
      node.accepted().get(event.commandId()).ifPresent(a -> node.metrics().outcome(a.acceptedAtNanos()));
      node.state().outcome(event.commandId())
        .ifPresent(outcome -> bus.publish(Addresses.outcome(event.commandId()), outcome.toJson()));
    }
    bus.publish(Addresses.FOLDED, new JsonObject().put("audience", new JsonArray(event.audience())).put("message", message));
  }

  private static long offsetOf(RabbitMQMessage message) {
    Object value = message.properties().getHeaders() == null ? null : message.properties().getHeaders().get("x-stream-offset");
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("stream delivery without x-stream-offset");
  }
}
