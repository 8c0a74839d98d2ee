package dev.eventual.eventlog;

import com.rabbitmq.client.Delivery;
import dev.eventual.Addresses;
import dev.eventual.Node;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.config.Settings;
import dev.eventual.domain.Event;
import dev.eventual.domain.EventTypes;
import dev.eventual.domain.Messages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Tails the event stream from the first offset and folds every event into the node's read model, then tells the
 * rest of the node: the sockets of the event's audience, and anyone waiting for an outcome, a list version or a fence. Start-up
 * completes once the node has read back a marker it appended, i.e. once it has caught up with the log.
 *
 * <p>It reads over RabbitMQ's stream protocol ({@link StreamTail}) unless {@code events.transport=amqp}, which uses
 * an AMQP 0-9-1 consumer with {@code x-stream-offset}. Both resume after the last folded offset, and an entry at or
 * before it is never folded again. The AMQP connection is there either way: it declares the topology and appends
 * the start-up fence.
 */
public class EventLogVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventLogVerticle.class);
  private static final int PREFETCH = 1000;

  private final Node node;
  private final EventReader reader = new EventReader();
  private BrokerConnection broker;
  private StreamTail<Event> tail;
  private BrokerConnection.Consumer amqpConsumer;
  private long unacked;
  private boolean brokerUp;
  private boolean tailUp;

  public EventLogVerticle(Node node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Settings settings = node.settings();
    String name = "eventual-eventlog-" + node.nodeId();
    boolean streamProtocol = settings.readsStreamProtocol();
    broker = new BrokerConnection(vertx, settings, name, streamProtocol ? client -> Future.succeededFuture() : this::consumeOverAmqp)
      .stateHandler(up -> connected(up, tailUp || !streamProtocol));
    node.state().deferOutcomeIndex();
    Future<Void> reading = broker.start();
    if (streamProtocol) {
      reading = reading.compose(v -> {
        EventReader onClientThread = new EventReader();
        tail = new StreamTail<>(vertx, settings, name, node.state().cursor(),
          (offset, body) -> read(onClientThread, offset, body), this::fold, up -> connected(brokerUp, up));
        return tail.start();
      });
    }
    return reading.compose(v -> catchUp());
  }

  @Override
  public Future<?> stop() {
    return (tail == null ? Future.succeededFuture() : tail.stop()).eventually(() -> broker.stop());
  }

  private void connected(boolean broker, boolean tail) {
    brokerUp = broker;
    tailUp = tail;
    node.logConnected(broker && tail);
  }

  private Future<Void> consumeOverAmqp(RabbitMQClient client) {
    long generation = broker.generation();
    unacked = 0;
    amqpConsumer = null;
    return broker.consume(node.settings().eventStream(), PREFETCH, Map.of("x-stream-offset", node.state().cursor() + 1),
        delivery -> {
          if (generation == broker.generation()) {
            foldDelivery(delivery);
          }
        })
      .onSuccess(consumer -> amqpConsumer = consumer)
      .mapEmpty();
  }

  private void foldDelivery(Delivery delivery) {
    Object offset = delivery.getProperties().getHeaders() == null ? null : delivery.getProperties().getHeaders().get("x-stream-offset");
    if (!(offset instanceof Number n)) {
      throw new IllegalStateException("stream delivery without x-stream-offset");
    }
    long at = n.longValue();
    fold(at, at <= node.state().cursor() ? null : read(reader, at, delivery.getBody()));
    if (++unacked >= PREFETCH / 2 && amqpConsumer != null) {
      unacked = 0;
      amqpConsumer.ack(delivery.getEnvelope().getDeliveryTag(), true);
    }
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
        node.state().indexOutcomes();
        node.caughtUp(true);
        LOG.info("read model caught up: {} events folded, cursor {}", node.state().eventCount(), node.state().cursor());
      });
  }

  private Future<Void> appendFence(String fenceId) {
    Event fence = new Event(UUID.randomUUID().toString(), EventTypes.FENCE, null, 0, null, null,
      java.util.List.of(), java.time.Instant.now().toString(), new JsonObject().put("fenceId", fenceId), -1);
    return broker.publish("", node.settings().eventStream(), fence.toJson().toBuffer());
  }

  /** The entry as an Event, or null (and a log line) when it cannot be read; on whichever thread received it. */
  private static Event read(EventReader reader, long offset, byte[] body) {
    try {
      return reader.read(body, 0, body.length, offset);
    } catch (IOException | RuntimeException e) {
      LOG.error("skipping unreadable entry at offset {}: {}", offset, e.getMessage());
      return null;
    }
  }

  private void fold(long offset, Event event) {
    if (event != null && offset > node.state().cursor() && applied(event)) {
      announce(event);
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
    bus.publish(Addresses.PUSH, Addresses.Push.of(event.audience(), message));
  }
}
