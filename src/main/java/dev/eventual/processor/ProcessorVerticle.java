package dev.eventual.processor;

import com.rabbitmq.client.Delivery;
import dev.eventual.Node;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Event;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The writer of the partitions it is the single active consumer of. Its write model is the node's read model plus
 * a fork for the decisions still on their way: before the first command after (re)subscribing it appends a fence
 * and waits to read it back; then it decides the commands waiting in a partition one after the other against a fork
 * of the read model, appends them back to back, and acks them once the last is folded. A crash in between means a
 * redelivery, which finds its commandId already decided and is acked without a second effect.
 */
public class ProcessorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorVerticle.class);
  private static final int PREFETCH = 200;
  private static final long FOLD_TIMEOUT_MS = 15_000;
  private static final int MAX_BATCH = 100;

  private final Node node;
  private final ReadModel readModel;
  private final List<Partition> partitions = new ArrayList<>();
  private BrokerConnection broker;

  private final class Partition {
    final int number;
    final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    BrokerConnection.Consumer consumer;
    long generation;
    boolean fenced;
    boolean busy;

    Partition(int number) {
      this.number = number;
    }
  }

  public ProcessorVerticle(Node node) {
    this.node = node;
    this.readModel = node.readModel();
  }

  @Override
  public Future<?> start() {
    if (!readModel.caughtUp()) {
      return Future.failedFuture("a processor deployed before the read model caught up with the log");
    }
    for (int p = 0; p < node.settings().partitions(); p++) {
      partitions.add(new Partition(p));
    }
    broker = new BrokerConnection(vertx, node.settings(), "eventual-processor-" + node.nodeId(), this::subscribe);
    return broker.start();
  }

  @Override
  public Future<?> stop() {
    return broker.stop();
  }

  private Future<Void> subscribe(RabbitMQClient client) {
    long generation = broker.generation();
    List<Future<?>> consumers = new ArrayList<>();
    for (Partition partition : partitions) {
      partition.generation = generation;
      partition.fenced = false;
      partition.pending.clear();
      partition.consumer = null;
      node.partitions().inactive(partition.number, this);
      // A channel per partition: its deliveries are the partition's alone, so one multiple ack settles a batch.
      consumers.add(broker.consume(node.settings().commandQueue(partition.number), PREFETCH, null, delivery -> {
          if (partition.generation == generation) {
            partition.pending.add(delivery);
            drain(partition, generation);
          }
        })
        .onSuccess(consumer -> {
          if (partition.generation == generation) {
            partition.consumer = consumer;
            drain(partition, generation);
          }
        }));
    }
    return Future.all(consumers).mapEmpty();
  }

  private void drain(Partition partition, long generation) {
    if (partition.busy || partition.consumer == null || partition.pending.isEmpty() || partition.generation != generation) {
      return;
    }
    partition.busy = true;
    BrokerConnection.Consumer consumer = partition.consumer;
    List<Delivery> batch = new ArrayList<>();
    while (batch.size() < MAX_BATCH && !partition.pending.isEmpty()) {
      batch.add(partition.pending.poll());
    }
    long delivered = System.nanoTime();
    Future<Void> ready = partition.fenced ? Future.succeededFuture() : fence(partition);
    ready.compose(v -> process(batch))
      .onComplete(ar -> {
        partition.busy = false;
        if (partition.generation != generation) {
          return;
        }
        long last = batch.get(batch.size() - 1).getEnvelope().getDeliveryTag();
        if (ar.succeeded()) {
          for (int i = 0; i < batch.size(); i++) {
            node.metrics().decided(delivered);
          }
          consumer.ack(last, true);
        } else {
          // Everything delivered after the batch goes back too, so that the partition is redelivered in order.
          Delivery newest = partition.pending.peekLast();
          consumer.requeue(newest == null ? last : newest.getEnvelope().getDeliveryTag(), true);
          partition.pending.clear();
          LOG.warn("partition {}: {} command(s) not processed, will be redelivered: {}", partition.number, batch.size(),
            ar.cause().getMessage());
          partition.fenced = false;
          node.partitions().inactive(partition.number, this);
        }
        drain(partition, generation);
      });
  }

  private Future<Void> fence(Partition partition) {
    String fenceId = "p" + partition.number + "-" + UUID.randomUUID();
    Event marker = new Event(UUID.randomUUID().toString(), Event.FENCE, null, 0, null, null, List.of(),
      Instant.now().toString(), new JsonObject().put("fenceId", fenceId).put("partition", partition.number)
      .put("node", node.nodeId()), -1);
    Future<Event> folded = readModel.fence(fenceId, FOLD_TIMEOUT_MS);
    return append(marker).compose(v -> folded).onSuccess(fence -> {
      partition.fenced = true;
      node.partitions().active(partition.number, this);
      LOG.info("partition {}: active on this node (fenced at cursor {})", partition.number, fence.cursor());
    }).mapEmpty();
  }

  /**
   * Decides a batch of one partition's commands one after the other against a fork of the read model (so each sees
   * the decisions before it), appends them back to back, and completes once the last is folded: every command of
   * the batch is then in the read model, and can be acked.
   */
  private Future<Void> process(List<Delivery> batch) {
    State ahead = readModel.state().fork();
    List<Future<Void>> appended = new ArrayList<>();
    String[] last = {null};
    Future<Void> decided = Future.succeededFuture();
    for (Delivery message : batch) {
      decided = decided.compose(v -> decision(message, ahead).map(event -> {
        if (event != null) {
          ahead.apply(event);
          appended.add(append(event));
          last[0] = event.commandId();
        }
        return null;
      }));
    }
    return decided
      .compose(v -> Future.all(appended))
      .compose(v -> last[0] == null ? Future.succeededFuture() : folded(last[0]));
  }

  /** The decision a queue message needs: its command's, or a rejection of a malformed one; null for none at all. */
  private Future<Event> decision(Delivery message, State ahead) {
    JsonObject json;
    try {
      json = Buffer.buffer(message.getBody()).toJsonObject();
    } catch (RuntimeException e) {
      LOG.error("dropping a command message that is not JSON: {}", e.getMessage());
      return Future.succeededFuture();
    }
    Command command;
    try {
      command = Command.fromJson(json);
    } catch (Command.Malformed m) {
      if (m.commandId == null || ahead.outcome(m.commandId).isPresent()) {
        LOG.error("dropping a command message without a commandId: {}", m.getMessage());
        return Future.succeededFuture();
      }
      return Future.succeededFuture(decided(Decider.malformed(ahead, m, Instant.now().toString())));
    }
    return ahead.outcome(command.commandId()).isPresent() ? Future.succeededFuture() : attempt(command, 1, ahead);
  }

  /** Completes once the read model has folded the outcome of {@code commandId}. */
  private Future<Void> folded(String commandId) {
    return readModel.outcome(commandId, FOLD_TIMEOUT_MS).compose(o -> o.isPresent() ? Future.succeededFuture()
      : Future.failedFuture("the outcome of " + commandId + " was not folded within " + FOLD_TIMEOUT_MS + " ms"));
  }

  /**
   * Decides the command; a failure of the decision itself (injected by chaos, or a command that breaks the decider)
   * is retried in place with exponential backoff and, after the last attempt, ends the command as CommandFailed so
   * that it never blocks its partition. A failure to append is the broker's, not the command's: it is redelivered.
   */
  private Future<Event> attempt(Command command, int attempt, State state) {
    long delay = node.chaos().processingDelayMs();
    Future<Void> waited = delay > 0 ? vertx.timer(delay).mapEmpty() : Future.succeededFuture();
    return waited.compose(v -> {
      String failure;
      try {
        if (!node.chaos().failProcessing()) {
          return Future.succeededFuture(decided(Decider.decide(state, command, Instant.now().toString())));
        }
        failure = "injected transient failure";
      } catch (RuntimeException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      int max = node.settings().processorMaxAttempts();
      if (attempt >= max) {
        LOG.warn("command {} failed {} times ({}); ending it as CommandFailed", command.commandId(), attempt, failure);
        return Future.succeededFuture(decided(Decider.fail(state, command, Instant.now().toString(),
          "processing failed " + attempt + " times: " + failure, attempt)));
      }
      long backoff = Math.min(2_000, 25L << Math.min(attempt, 10));
      return vertx.timer(backoff).compose(t -> attempt(command, attempt + 1, state));
    });
  }

  private Event decided(Event event) {
    node.metrics().decisionMade(event.status());
    return event;
  }

  private Future<Void> append(Event event) {
    return broker.publish("", node.settings().eventStream(), event.toJson().toBuffer());
  }

}
