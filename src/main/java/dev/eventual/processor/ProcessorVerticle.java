package dev.eventual.processor;

import com.rabbitmq.client.Delivery;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.broker.Consumer;
import dev.eventual.broker.Topology;
import dev.eventual.config.Chaos;
import dev.eventual.config.Settings;
import dev.eventual.metrics.Metrics;
import dev.eventual.metrics.PartitionActivity;
import dev.eventual.readmodel.ReadModel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One decider instance. It keeps a consumer on every partition queue (single-active-consumer: RabbitMQ makes one
 * consumer per queue active and keeps the rest waiting in line, so a crash hands a partition over in milliseconds).
 * On the first delivery of a partition it takes it: appends a fence and decides once that fence is folded (see
 * {@link Decisions}). Balance comes from letting go: an instance active on more than its fair share (see
 * {@link Membership}) releases one partition at a time — it stops taking batches, lets the one in flight be acked,
 * closes that partition's channel (its unacked deliveries go back to the head of the queue, in order) and
 * subscribes again at the back of the line; a nudge through the queue then tells the next consumer it is active.
 * An instance at its share that is handed a partition steps aside the same way while someone else is below theirs.
 */
public class ProcessorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorVerticle.class);
  private static final int PREFETCH = 200;
  private static final int MAX_BATCH = 100;
  /** A batch holds at most this many bytes of messages (each may hold many commands): a few hundred commands. */
  private static final int MAX_BATCH_BYTES = 128 * 1024;
  /** A partition stepped away from this recently is kept when it comes round again: views of shares may lag. */
  private static final long STEP_ASIDE_MS = 2_000;

  private final Settings settings;
  private final String nodeId;
  private final ReadModel readModel;
  private final Chaos chaos;
  private final Metrics metrics;
  private final PartitionActivity activePartitions;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final List<Partition> partitions = new ArrayList<>();
  private BrokerConnection broker;
  private Decisions decisions;
  private Sagas sagas;
  private Membership membership;
  private boolean membersChanged = true;

  private static final class Partition {
    final int number;
    final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    /** The current subscription: deliveries of an earlier one (a closed channel) are the broker's again. */
    Object subscription;
    Consumer consumer;
    String fence;
    boolean busy;
    boolean releasing;
    long steppedAsideAt;

    Partition(int number) {
      this.number = number;
    }
  }

  public ProcessorVerticle(Settings settings, String nodeId, ReadModel readModel, Chaos chaos, Metrics metrics,
                           PartitionActivity activePartitions) {
    this.settings = settings;
    this.nodeId = nodeId;
    this.readModel = readModel;
    this.chaos = chaos;
    this.metrics = metrics;
    this.activePartitions = activePartitions;
  }

  @Override
  public Future<?> start() {
    if (!readModel.caughtUp()) {
      return Future.failedFuture("a processor deployed before the read model caught up with the log");
    }
    int count = settings.partitions();
    for (int p = 0; p < count; p++) {
      partitions.add(new Partition(p));
    }
    membership = new Membership(instance, count);
    broker = new BrokerConnection(vertx, settings, "eventual-processor-" + nodeId + "-" + instance,
      settings.processor().heartbeatSeconds(), this::connected);
    sagas = new Sagas(settings, readModel, chaos, broker);
    // The event log verticle, deployed first, has declared the stream the appender writes to.
    return Appender.open(vertx, settings, "eventual-appender-" + nodeId + "-" + instance, broker)
      .compose(appender -> {
        decisions = new Decisions(vertx, nodeId, readModel, chaos, metrics, settings.processor().maxAttempts(), appender);
        return broker.start();
      })
      .onSuccess(v -> vertx.setPeriodic(Membership.BEAT_MS, id -> tick()));
  }

  @Override
  public Future<?> stop() {
    activePartitions.gone(instance);
    return (decisions == null ? Future.succeededFuture() : decisions.close()).eventually(() -> broker.stop());
  }

  /** On every (re)connect: a consumer per partition, at the back of each line, and one for the members' beats. */
  private Future<Void> connected(RabbitMQClient client) {
    List<Future<?>> consumers = new ArrayList<>();
    for (Partition partition : partitions) {
      inactive(partition);
      partition.pending.clear();
      partition.consumer = null;
      consumers.add(subscribe(partition));
    }
    consumers.add(client.queueDeclare("", false, true, true)
      .compose(ok -> client.queueBind(ok.getQueue(), settings.processorsExchange(), "")
        .compose(v -> client.basicConsumer(ok.getQueue(), new QueueOptions().setAutoAck(true))))
      .onSuccess(consumer -> consumer.handler(message -> {
        try {
          membersChanged |= membership.heard(message.body().toJsonObject(), System.currentTimeMillis());
        } catch (RuntimeException notABeat) {
          LOG.debug("ignoring a message on the processors exchange: {}", notABeat.getMessage());
        }
      })));
    membersChanged = true;
    return Future.all(consumers).mapEmpty();
  }

  /**
   * A new consumer of the partition's queue, at the back of its line. Deliveries can come before the consume call
   * returns: they wait in {@code pending} under the subscription they belong to, so none is dropped (a dropped one
   * would stay unacked on its channel, holding up the partition until the channel closed).
   */
  private Future<Consumer> subscribe(Partition partition) {
    Object subscription = new Object();
    partition.subscription = subscription;
    return broker.consume(settings.commandQueue(partition.number), PREFETCH, null, delivery -> {
        if (partition.subscription == subscription) {
          partition.pending.add(delivery);
          drain(partition);
        }
      })
      .onSuccess(consumer -> {
        if (partition.subscription == subscription) {
          partition.consumer = consumer;
          drain(partition);
        }
      });
  }

  private int active() {
    int n = 0;
    for (Partition p : partitions) {
      if (p.fence != null) {
        n++;
      }
    }
    return n;
  }

  private void drain(Partition partition) {
    if (partition.busy || partition.consumer == null || partition.pending.isEmpty()) {
      return;
    }
    if (partition.releasing) {
      release(partition, "above its share");
      return;
    }
    if (partition.fence == null && active() >= membership.myShare() && membership.someoneBelowShare()
      && System.currentTimeMillis() - partition.steppedAsideAt > STEP_ASIDE_MS) {
      partition.steppedAsideAt = System.currentTimeMillis();
      release(partition, "at its share");
      return;
    }
    partition.busy = true;
    Consumer consumer = partition.consumer;
    List<Delivery> batch = new ArrayList<>();
    int bytes = 0;
    while (batch.size() < MAX_BATCH && !partition.pending.isEmpty() && (batch.isEmpty() || bytes < MAX_BATCH_BYTES)) {
      Delivery next = partition.pending.poll();
      bytes += next.getBody().length;
      batch.add(next);
    }
    long delivered = System.nanoTime();
    Future<Void> ready = partition.fence != null ? Future.succeededFuture() : take(partition);
    ready.compose(v -> decisions.process(batch, partition.number, partition.fence))
      .compose(sagas::drive)
      .onComplete(ar -> {
        partition.busy = false;
        if (partition.consumer != consumer) {
          // Its channel was closed meanwhile (a reconnect): the broker has its deliveries back, and the new
          // subscription's may be waiting for this batch to end.
          drain(partition);
          return;
        }
        long last = batch.get(batch.size() - 1).getEnvelope().getDeliveryTag();
        if (ar.succeeded()) {
          for (int i = 0; i < batch.size(); i++) {
            metrics.decided(delivered);
          }
          consumer.ack(last, true);
        } else {
          // Everything delivered after the batch goes back too, so that the partition is redelivered in order.
          Delivery newest = partition.pending.peekLast();
          consumer.requeue(newest == null ? last : newest.getEnvelope().getDeliveryTag(), true);
          partition.pending.clear();
          LOG.warn("partition {}: {} command(s) not processed, will be redelivered: {}", partition.number, batch.size(),
            ar.cause().getMessage());
          inactive(partition);
        }
        if (partition.releasing) {
          release(partition, "above its share");
        } else {
          drain(partition);
        }
      });
  }

  /** Takes the partition: a fence appended and folded, after which this instance's decisions are the ones applied. */
  private Future<Void> take(Partition partition) {
    String fenceId = "p" + partition.number + "-" + instance + "-" + UUID.randomUUID().toString().substring(0, 8);
    return decisions.fence(partition.number, fenceId).onSuccess(fence -> {
      partition.fence = fenceId;
      activePartitions.active(instance, partition.number);
      metrics.fenceTaken();
      LOG.info("partition {}: active on instance {} (fenced at cursor {}; {} of a share of {})", partition.number,
        instance, fence.cursor(), active(), membership.myShare());
    }).mapEmpty();
  }

  /** Forgets being active on the partition (its decisions from here on would be fenced out anyway). */
  private void inactive(Partition partition) {
    partition.fence = null;
    partition.releasing = false;
    activePartitions.inactive(instance, partition.number);
  }

  /**
   * Lets the partition go to the next consumer in line: its channel closed (what was delivered and not acked goes
   * back to the head of the queue, in order), a new consumer at the back of the line, and a nudge so that whoever
   * is active now learns it.
   */
  private void release(Partition partition, String why) {
    Consumer old = partition.consumer;
    if (old == null) {
      return;
    }
    boolean wasActive = partition.fence != null;
    inactive(partition);
    partition.pending.clear();
    partition.consumer = null;
    partition.subscription = null;
    if (wasActive) {
      LOG.info("partition {}: released by instance {} ({}; {} live instances)", partition.number, instance, why,
        membership.live());
    }
    old.close()
      .compose(v -> subscribe(partition))
      .compose(v -> nudge(partition.number))
      .onFailure(err -> LOG.warn("partition {}: could not subscribe again: {}", partition.number, err.getMessage()));
  }

  private Future<Void> nudge(int partition) {
    return broker.publish(settings.commandsExchange(), Topology.routingKey(partition), Decisions.nudge());
  }

  /** Every beat: say who is here, forget the silent, and let go of a partition while above the fair share. */
  private void tick() {
    if (!broker.isConnected()) {
      return;
    }
    long now = System.currentTimeMillis();
    broker.publish(settings.processorsExchange(), "", membership.beat(active()).toBuffer());
    membersChanged |= membership.expire(now);
    if (membersChanged) {
      membersChanged = false;
      if (membership.first()) {
        // Idle partitions' active consumers do not know they are: a nudge through each queue tells them.
        partitions.forEach(p -> nudge(p.number));
      }
      return;
    }
    if (active() > membership.myShare() && membership.someoneBelowShare()) {
      for (Partition p : partitions) {
        if (p.fence != null && !p.releasing) {
          p.releasing = true;
          if (!p.busy && p.consumer != null) {
            release(p, "above its share");
          }
          break;
        }
      }
    }
  }
}
