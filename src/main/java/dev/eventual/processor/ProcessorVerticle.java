package dev.eventual.processor;

import dev.eventual.broker.BrokerConnection;
import dev.eventual.config.Chaos;
import dev.eventual.config.Settings;
import dev.eventual.domain.Limits;
import dev.eventual.metrics.Metrics;
import dev.eventual.metrics.PartitionActivity;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.trace.Tracing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One decider instance. It keeps a consumer on every partition queue (single-active-consumer: RabbitMQ makes one
 * consumer per queue active and keeps the rest waiting in line, so a crash hands a partition over in milliseconds).
 * On the first delivery of a partition it takes it: appends a fence and decides once that fence is folded (see
 * {@link Partition}). Balance comes from letting go: an instance active on more than its fair share (see
 * {@link Membership}) releases one partition at a time — it stops taking batches, lets the one in flight be acked,
 * closes that partition's channel (its unacked deliveries go back to the head of the queue, in order) and
 * subscribes again at the back of the line; a nudge through the queue then tells the next consumer it is active.
 * An instance at its share that is handed a partition steps aside the same way while someone else is below theirs.
 */
public class ProcessorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorVerticle.class);

  private final Settings settings;
  private final String nodeId;
  private final ReadModel readModel;
  private final Chaos chaos;
  private final Metrics metrics;
  private final PartitionActivity activePartitions;
  private final Tracing tracing;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final List<Partition> partitions = new ArrayList<>();
  private BrokerConnection broker;
  private BatchDecider decider;
  private Membership membership;
  private boolean membersChanged = true;

  public ProcessorVerticle(Settings settings, String nodeId, ReadModel readModel, Chaos chaos, Metrics metrics,
                           PartitionActivity activePartitions, Tracing tracing) {
    this.tracing = tracing;
    this.settings = settings;
    this.nodeId = nodeId;
    this.readModel = readModel;
    this.chaos = chaos;
    this.metrics = metrics;
    this.activePartitions = activePartitions;
  }

  private static Limits limits(Settings.Limits l) {
    return new Limits(l.todosPerList(), l.textBytesPerList(), l.membersPerList(), l.listsPerUser());
  }

  @Override
  public Future<?> start() {
    if (!readModel.caughtUp()) {
      return Future.failedFuture("a processor deployed before the read model caught up with the log");
    }
    membership = new Membership(instance, settings.partitions());
    broker = new BrokerConnection(vertx, settings, "eventual-processor-" + nodeId + "-" + instance,
      settings.processor().heartbeatSeconds(), this::connected);
    // The event log verticle, deployed first, has declared the stream the appender writes to.
    return Appender.open(vertx, settings, "eventual-appender-" + nodeId + "-" + instance, broker)
      .compose(appender -> {
        decider = new BatchDecider(vertx, nodeId, readModel, chaos, metrics, settings.processor().maxAttempts(), appender,
          limits(settings.limits()), tracing);
        Instance self = new Instance(instance, settings, broker, decider, new SagaDriver(settings, readModel, chaos, broker),
          metrics, activePartitions, membership, this::active);
        for (int p = 0; p < settings.partitions(); p++) {
          partitions.add(new Partition(p, self));
        }
        return broker.start();
      })
      .onSuccess(v -> vertx.setPeriodic(Membership.BEAT_MS, id -> tick()));
  }

  @Override
  public Future<?> stop() {
    activePartitions.gone(instance);
    return (decider == null ? Future.succeededFuture() : decider.close()).eventually(() -> broker.stop());
  }

  /** On every (re)connect: a consumer per partition, at the back of each line, and one for the members' beats. */
  private Future<Void> connected(RabbitMQClient client) {
    List<Future<?>> consumers = new ArrayList<>();
    for (Partition partition : partitions) {
      consumers.add(partition.resubscribe());
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

  private int active() {
    int n = 0;
    for (Partition p : partitions) {
      if (p.active()) {
        n++;
      }
    }
    return n;
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
        partitions.forEach(Partition::nudge);
      }
      return;
    }
    if (active() > membership.myShare() && membership.someoneBelowShare()) {
      for (Partition p : partitions) {
        if (p.letGo()) {
          break;
        }
      }
    }
  }
}
