package dev.eventual.processor;

import com.rabbitmq.client.Delivery;
import dev.eventual.broker.QueueConsumer;
import dev.eventual.broker.Topology;
import dev.eventual.trace.Tracing;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One partition queue as one processor instance works it. A consumer keeps its place in the queue's line
 * (single-active-consumer); on the first delivery the instance takes the partition — a fence appended and folded —
 * and from then on decides batch after batch, acking each once it is folded (see {@link BatchDecider}). Letting go
 * closes the consumer's channel (what was delivered and not acked goes back to the head of the queue, in order),
 * subscribes again at the back of the line, and nudges the queue so that whoever is active now learns it. Used on
 * the instance's event loop.
 */
final class Partition {
  private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
  private static final int PREFETCH = 200;
  private static final int MAX_BATCH = 100;
  /** A batch holds at most this many bytes of messages (each may hold many commands): a few hundred commands. */
  private static final int MAX_BATCH_BYTES = 128 * 1024;
  /** A partition stepped away from this recently is kept when it comes round again: views of shares may lag. */
  private static final long STEP_ASIDE_MS = 2_000;

  private final int number;
  private final Instance instance;
  private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
  /** The current subscription: deliveries of an earlier one (a closed channel) are the broker's again. */
  private Object subscription;
  private QueueConsumer consumer;
  private String fence;
  private boolean busy;
  private boolean releasing;
  private long steppedAsideAt;

  Partition(int number, Instance instance) {
    this.number = number;
    this.instance = instance;
  }

  /** Whether this instance is active on the partition: fenced, and its decisions the ones applied. */
  boolean active() {
    return fence != null;
  }

  /** After a (re)connect: what the old channel held is the broker's again; a new consumer at the back of the line. */
  Future<QueueConsumer> resubscribe() {
    inactive();
    pending.clear();
    consumer = null;
    return subscribe();
  }

  /** Lets the partition go once the batch in flight is acked (at once when there is none); false if already going. */
  boolean letGo() {
    if (!active() || releasing) {
      return false;
    }
    releasing = true;
    if (!busy && consumer != null) {
      release("above its share");
    }
    return true;
  }

  /** Tells whoever is active on the partition that they are: a delivery through its queue. */
  Future<Void> nudge() {
    return instance.broker().publish(instance.settings().commandsExchange(), Topology.routingKey(number), BatchDecider.nudge());
  }

  /**
   * A new consumer of the partition's queue, at the back of its line. Deliveries can come before the consume call
   * returns: they wait in {@code pending} under the subscription they belong to, so none is dropped (a dropped one
   * would stay unacked on its channel, holding up the partition until the channel closed).
   */
  private Future<QueueConsumer> subscribe() {
    Object mine = new Object();
    subscription = mine;
    return instance.broker().consume(instance.settings().commandQueue(number), PREFETCH, null, delivery -> {
        if (subscription == mine) {
          pending.add(delivery);
          drain();
        }
      })
      .onSuccess(subscribed -> {
        if (subscription == mine) {
          consumer = subscribed;
          drain();
        }
      });
  }

  private void drain() {
    if (busy || consumer == null || pending.isEmpty()) {
      return;
    }
    if (releasing) {
      release("above its share");
      return;
    }
    if (fence == null && instance.atShareWhileAnotherIsBelow()
      && System.currentTimeMillis() - steppedAsideAt > STEP_ASIDE_MS) {
      steppedAsideAt = System.currentTimeMillis();
      release("at its share");
      return;
    }
    busy = true;
    QueueConsumer current = consumer;
    List<Delivery> batch = new ArrayList<>();
    int bytes = 0;
    while (batch.size() < MAX_BATCH && !pending.isEmpty() && (batch.isEmpty() || bytes < MAX_BATCH_BYTES)) {
      Delivery next = pending.poll();
      bytes += next.getBody().length;
      batch.add(next);
    }
    long delivered = System.nanoTime();
    long dequeued = Tracing.now();
    Future<Void> ready = fence != null ? Future.succeededFuture() : take();
    ready.compose(v -> instance.decider().process(batch, number, fence, dequeued))
      .compose(instance.sagas()::drive)
      .onComplete(ar -> {
        busy = false;
        if (consumer != current) {
          // Its channel was closed meanwhile (a reconnect): the broker has its deliveries back, and the new
          // subscription's may be waiting for this batch to end.
          drain();
          return;
        }
        long last = batch.get(batch.size() - 1).getEnvelope().getDeliveryTag();
        if (ar.succeeded()) {
          for (int i = 0; i < batch.size(); i++) {
            instance.metrics().decided(delivered);
          }
          current.ack(last, true);
        } else {
          // Everything delivered after the batch goes back too, so that the partition is redelivered in order.
          Delivery newest = pending.peekLast();
          current.requeue(newest == null ? last : newest.getEnvelope().getDeliveryTag(), true);
          pending.clear();
          LOG.warn("partition {}: {} command(s) not processed, will be redelivered: {}", number, batch.size(),
            ar.cause().getMessage());
          inactive();
        }
        if (releasing) {
          release("above its share");
        } else {
          drain();
        }
      });
  }

  /** Takes the partition: a fence appended and folded, after which this instance's decisions are the ones applied. */
  private Future<Void> take() {
    String fenceId = "p" + number + "-" + instance.id() + "-" + UUID.randomUUID().toString().substring(0, 8);
    return instance.decider().fence(number, fenceId).onSuccess(folded -> {
      fence = fenceId;
      instance.activity().active(instance.id(), number);
      instance.metrics().fenceTaken();
      LOG.info("partition {}: active on instance {} (fenced at cursor {}; {} of a share of {})", number,
        instance.id(), folded.cursor(), instance.active().getAsInt(), instance.membership().myShare());
    }).mapEmpty();
  }

  /** Forgets being active on the partition (its decisions from here on would be fenced out anyway). */
  private void inactive() {
    fence = null;
    releasing = false;
    instance.activity().inactive(instance.id(), number);
  }

  /**
   * Lets the partition go to the next consumer in line: its channel closed (what was delivered and not acked goes
   * back to the head of the queue, in order), a new consumer at the back of the line, and a nudge so that whoever
   * is active now learns it.
   */
  private void release(String why) {
    QueueConsumer old = consumer;
    if (old == null) {
      return;
    }
    boolean wasActive = fence != null;
    inactive();
    pending.clear();
    consumer = null;
    subscription = null;
    if (wasActive) {
      LOG.info("partition {}: released by instance {} ({}; {} live instances)", number, instance.id(), why,
        instance.membership().live());
    }
    old.close()
      .compose(v -> subscribe())
      .compose(v -> nudge())
      .onFailure(err -> LOG.warn("partition {}: could not subscribe again: {}", number, err.getMessage()));
  }
}
