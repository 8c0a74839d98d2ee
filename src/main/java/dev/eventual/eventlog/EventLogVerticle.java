package dev.eventual.eventlog;

import com.rabbitmq.client.Delivery;
import dev.eventual.Addresses;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.broker.QueueConsumer;
import dev.eventual.config.Settings;
import dev.eventual.domain.Event;
import dev.eventual.metrics.Metrics;
import dev.eventual.readmodel.FrontendMessage;
import dev.eventual.readmodel.State;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.trace.Carrier;
import dev.eventual.trace.CommandLog;
import dev.eventual.trace.Tracing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.rabbitmq.RabbitMQClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tails the event stream and folds every event into the node's read model (which wakes whoever waits for it), then
 * pushes it to the sockets of its audience: from the cursor of the newest usable snapshot ({@link SnapshotKeeper}), or
 * from the first offset. Start-up completes once the node has read back a marker it appended, i.e. once it has caught
 * up with the log; from then on it writes snapshots and forgets outcomes past their retention.
 *
 * <p>It reads over RabbitMQ's stream protocol ({@link StreamTail}) unless {@code events.transport=amqp}, which uses
 * an AMQP 0-9-1 consumer with {@code x-stream-offset}. Both resume after the last folded offset, and an entry at or
 * before it is never folded again. The AMQP connection is there either way: it declares the topology and appends
 * the start-up fence.
 */
public class EventLogVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventLogVerticle.class);
  private static final int PREFETCH = 1000;

  /** How long start-up may take to replay the log up to its own marker. */
  private static final long CATCH_UP_MS = 30 * 60_000;
  /** How often outcomes past their retention are looked for. */
  private static final long RETENTION_CHECK_MS = 15 * 60_000;

  private final Settings settings;
  private final String nodeId;
  private final ReadModel readModel;
  private final Metrics metrics;
  private final Tracing tracing;
  private final EventReader reader = new EventReader();
  private SnapshotKeeper snapshots;
  private BrokerConnection broker;
  private StreamTail<Logged> tail;
  private QueueConsumer amqpConsumer;
  private long unacked;
  private boolean brokerUp;
  private boolean tailUp;

  /**
   * An entry as read: its event, its properties (read only for an event pushed: a replay skips them), when the broker
   * wrote it (epoch µs; 0 unknown) and when it reached this node ({@link Tracing#now()}).
   */
  private record Logged(Event event, Supplier<Map<String, Object>> properties, long appendedMicros, long received) {
    /** The trace and times its decision carried; null for none. */
    Carrier.Stamp stamp() {
      return Carrier.Stamp.of(properties.get());
    }
  }

  public EventLogVerticle(Settings settings, String nodeId, ReadModel readModel, Metrics metrics, Tracing tracing) {
    this.tracing = tracing;
    this.settings = settings;
    this.nodeId = nodeId;
    this.readModel = readModel;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    String name = "eventual-eventlog-" + nodeId;
    boolean streamProtocol = settings.readsStreamProtocol();
    broker = new BrokerConnection(vertx, settings, name, streamProtocol ? client -> Future.succeededFuture() : this::consumeOverAmqp)
      .stateHandler(up -> connected(up, tailUp || !streamProtocol));
    snapshots = new SnapshotKeeper(vertx, settings, readModel, nodeId, metrics);
    Future<Void> reading = snapshots.restore().compose(restored -> broker.start());
    if (streamProtocol) {
      reading = reading.compose(v -> {
        EventReader onClientThread = new EventReader();
        tail = new StreamTail<>(vertx, settings, name, readModel.state().cursor(),
          (offset, message, written) -> logged(read(onClientThread, offset, message.getBodyAsBinary()),
            message::getApplicationProperties, written * 1000), this::fold, up -> connected(brokerUp, up));
        metrics.watchLog(tail::lagSeconds);
        return tail.start();
      });
    }
    return reading.compose(v -> catchUp());
  }

  @Override
  public Future<?> stop() {
    if (snapshots != null) {
      snapshots.stop();
    }
    return (tail == null ? Future.succeededFuture() : tail.stop()).eventually(() -> broker.stop());
  }

  private void connected(boolean broker, boolean tail) {
    brokerUp = broker;
    tailUp = tail;
    readModel.logConnected(broker && tail);
  }

  private Future<Void> consumeOverAmqp(RabbitMQClient client) {
    long generation = broker.generation();
    unacked = 0;
    amqpConsumer = null;
    return broker.consume(settings.eventStream(), PREFETCH, Map.of("x-stream-offset", readModel.state().cursor() + 1),
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
    fold(at, at <= readModel.state().cursor() ? null
      : logged(read(reader, at, delivery.getBody()), delivery.getProperties()::getHeaders, 0));
    if (++unacked >= PREFETCH / 2 && amqpConsumer != null) {
      unacked = 0;
      amqpConsumer.ack(delivery.getEnvelope().getDeliveryTag(), true);
    }
  }

  private Future<Void> catchUp() {
    String fenceId = "start-" + UUID.randomUUID();
    Future<Event> seen = readModel.fence(fenceId, CATCH_UP_MS);
    return appendFence(fenceId)
      .compose(v -> seen)
      .onSuccess(v -> {
        readModel.caughtUp(true);
        LOG.info("read model caught up: {} events folded, cursor {}", readModel.state().eventCount(), readModel.state().cursor());
        snapshots.caughtUp();
        forgetExpiredOutcomes();
        vertx.setPeriodic(RETENTION_CHECK_MS, id -> forgetExpiredOutcomes());
      })
      .mapEmpty();
  }

  /** Commands decided longer ago than {@code idempotency.retentionHours} are forgotten: a key reused after it is a new command. */
  private void forgetExpiredOutcomes() {
    long cutoff = java.time.Instant.now().getEpochSecond() - settings.idempotency().retentionHours() * 3600L;
    readModel.forgetOutcomesBefore(vertx, cutoff).onSuccess(forgotten -> {
      if (forgotten > 0) {
        LOG.info("forgot {} command outcomes older than {} hours", forgotten, settings.idempotency().retentionHours());
      }
    });
  }

  private Future<Void> appendFence(String fenceId) {
    Event fence = new Event(UUID.randomUUID().toString(), Event.FENCE, null, 0, null, null,
      java.util.List.of(), java.time.Instant.now().toString(), new Event.Fence(fenceId, null, null), -1);
    return broker.publish("", settings.eventStream(), EventWriter.json(fence));
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

  private static Logged logged(Event event, Supplier<Map<String, Object>> properties, long appendedMicros) {
    return event == null ? null : new Logged(event, properties, appendedMicros, Tracing.now());
  }

  private void fold(long offset, Logged logged) {
    if (logged == null || offset <= readModel.state().cursor()) {
      return;
    }
    Event event = logged.event();
    boolean applied;
    try {
      applied = readModel.fold(event);
      metrics.folded();
      snapshots.folded();
    } catch (RuntimeException e) {
      LOG.error("skipping event at offset {} that cannot be folded: {}", event.cursor(), e.toString());
      return;
    }
    if (applied && readModel.caughtUp() && !Event.FENCE.equals(event.type())) {
      long folded = Tracing.now();
      push(event);
      Carrier.Stamp stamp = event.commandId() == null ? null : logged.stamp();
      if (stamp != null) {
        traced(logged.event(), stamp, logged, folded, Tracing.now());
      }
    }
  }

  /** The fold and the push as hops of the command's trace, continued from its decision; and their times kept. */
  private void traced(Event event, Carrier.Stamp stamp, Logged logged, long folded, long pushed) {
    tracing.hops().folded(event.commandId(), stamp, logged.appendedMicros(), folded / 1000, pushed / 1000);
    if (tracing.on() && stamp.traceparent() != null) {
      String fold = tracing.begin("fold", stamp.traceparent(), logged.received()).attribute("eventual.node", nodeId)
        .attribute("eventual.cursor", event.cursor()).end(folded);
      tracing.begin("push", fold, folded).attribute("eventual.audience", event.audience().size()).end(pushed);
    }
    if (LOG.isDebugEnabled()) {
      try (CommandLog l = CommandLog.of(event.commandId(), stamp.traceparent())) {
        LOG.debug("folded and pushed: {} at cursor {}", event.type(), event.cursor());
      }
    }
  }

  private void push(Event event) {
    String ended = event.isTerminal() ? event.commandId() : null;
    for (String commandId : new String[] {ended, event.endsSaga()}) {
      if (commandId != null) {
        readModel.accepted().get(commandId).ifPresent(a -> metrics.outcome(commandId, a.type(), a.acceptedAtNanos()));
      }
    }
    State state = readModel.state();
    java.util.List<String> all = FrontendMessage.seeingAll(event, state);
    vertx.eventBus().publish(Addresses.PUSH, Addresses.Push.of(all, FrontendMessage.of(event, state)));
    if (all.size() < event.audience().size()) { // a part of it is not for everyone (another list's id)
      java.util.List<String> rest = event.audience().stream().filter(u -> !all.contains(u)).toList();
      vertx.eventBus().publish(Addresses.PUSH, Addresses.Push.of(rest, FrontendMessage.hidden(event, state)));
    }
  }
}
