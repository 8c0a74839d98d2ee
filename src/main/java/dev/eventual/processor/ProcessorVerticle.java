package dev.eventual.processor;

import dev.eventual.Addresses;
import dev.eventual.Node;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Event;
import dev.eventual.domain.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The writer of the partitions it is the single active consumer of. The node's read model is its write model:
 * before the first command after (re)subscribing it appends a fence and waits to read it back, and after each
 * decision it waits until the decision is folded, so the next command of the partition is always decided against
 * everything before it. Only then is the command acked: a crash in between means a redelivery, which finds its
 * commandId already decided and is acked without a second effect.
 */
public class ProcessorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorVerticle.class);
  private static final int PREFETCH = 50;
  private static final long FOLD_TIMEOUT_MS = 15_000;

  private final Node node;
  private final List<Partition> partitions = new ArrayList<>();
  private BrokerConnection broker;

  private final class Partition {
    final int number;
    final ArrayDeque<RabbitMQMessage> pending = new ArrayDeque<>();
    long generation;
    boolean fenced;
    boolean busy;

    Partition(int number) {
      this.number = number;
    }
  }

  public ProcessorVerticle(Node node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
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
      node.activePartitions().remove(partition.number);
    }
    return client.basicQos(PREFETCH, false).compose(v -> {
      for (Partition partition : partitions) {
        consumers.add(client.basicConsumer(node.settings().commandQueue(partition.number), new QueueOptions().setAutoAck(false))
          .onSuccess(consumer -> consumer.handler(message -> {
            if (partition.generation == generation) {
              partition.pending.add(message);
              drain(partition, client, generation);
            }
          })));
      }
      return Future.all(consumers).mapEmpty();
    });
  }

  private void drain(Partition partition, RabbitMQClient client, long generation) {
    if (partition.busy || partition.pending.isEmpty() || partition.generation != generation) {
      return;
    }
    partition.busy = true;
    RabbitMQMessage message = partition.pending.poll();
    long delivered = System.nanoTime();
    Future<Void> ready = partition.fenced ? Future.succeededFuture() : fence(partition);
    ready.compose(v -> process(message))
      .onComplete(ar -> {
        partition.busy = false;
        if (partition.generation != generation) {
          return;
        }
        long tag = message.envelope().getDeliveryTag();
        if (ar.succeeded()) {
          node.metrics().decided(delivered);
          client.basicAck(tag, false).onFailure(err -> LOG.warn("ack failed: {}", err.getMessage()));
        } else {
          LOG.warn("partition {}: command not processed, will be redelivered: {}", partition.number, ar.cause().getMessage());
          partition.fenced = false;
          node.activePartitions().remove(partition.number);
          client.basicNack(tag, false, true).onFailure(err -> LOG.warn("nack failed: {}", err.getMessage()));
        }
        drain(partition, client, generation);
      });
  }

  private Future<Void> fence(Partition partition) {
    String fenceId = "p" + partition.number + "-" + UUID.randomUUID();
    Event marker = new Event(UUID.randomUUID().toString(), EventTypes.FENCE, null, 0, null, null, List.of(),
      Instant.now().toString(), new JsonObject().put("fenceId", fenceId).put("partition", partition.number)
      .put("node", node.nodeId()), -1);
    return awaitFolded(Addresses.fence(fenceId), () -> append(marker))
      .onSuccess(v -> {
        partition.fenced = true;
        node.activePartitions().add(partition.number);
        LOG.info("partition {}: active on this node (fenced at cursor {})", partition.number, node.state().cursor());
      });
  }

  private Future<Void> process(RabbitMQMessage message) {
    Command command;
    try {
      command = Command.fromJson(message.body().toJsonObject());
      if (command.commandId() == null || command.type() == null) {
        throw new IllegalArgumentException("no commandId or type");
      }
    } catch (RuntimeException e) {
      LOG.error("dropping unreadable command message: {}", e.getMessage());
      return Future.succeededFuture();
    }
    if (node.state().outcome(command.commandId()).isPresent()) {
      return Future.succeededFuture();
    }
    return attempt(command, 1);
  }

  /**
   * Decides the command; a failure of the decision itself (injected by chaos, or a command that breaks the decider)
   * is retried in place with exponential backoff and, after the last attempt, ends the command as CommandFailed so
   * that it never blocks its partition. A failure to append is the broker's, not the command's: it is redelivered.
   */
  private Future<Void> attempt(Command command, int attempt) {
    long delay = node.chaos().processingDelayMs();
    Future<Void> waited = delay > 0 ? vertx.timer(delay).mapEmpty() : Future.succeededFuture();
    return waited.compose(v -> {
      String failure;
      try {
        if (!node.chaos().failProcessing()) {
          return decideAndAppend(Decider.decide(node.state(), command, Instant.now().toString()));
        }
        failure = "injected transient failure";
      } catch (RuntimeException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      int max = node.settings().processorMaxAttempts();
      if (attempt >= max) {
        LOG.warn("command {} failed {} times ({}); ending it as CommandFailed", command.commandId(), attempt, failure);
        return decideAndAppend(Decider.fail(node.state(), command, Instant.now().toString(),
          "processing failed " + attempt + " times: " + failure, attempt));
      }
      long backoff = Math.min(2_000, 25L << Math.min(attempt, 10));
      return vertx.timer(backoff).compose(t -> attempt(command, attempt + 1));
    });
  }

  private Future<Void> decideAndAppend(Event event) {
    node.metrics().decisionMade(event.status());
    return awaitFolded(Addresses.outcome(event.commandId()), () -> append(event));
  }

  private Future<Void> append(Event event) {
    return broker.publish("", node.settings().eventStream(), event.toJson().toBuffer());
  }

  /** Runs {@code action} and completes once the read model has announced {@code address}. */
  private Future<Void> awaitFolded(String address, java.util.function.Supplier<Future<Void>> action) {
    Promise<Void> folded = Promise.promise();
    var consumer = vertx.eventBus().localConsumer(address, m -> folded.tryComplete());
    long timer = vertx.setTimer(FOLD_TIMEOUT_MS, id -> folded.tryFail("not folded within " + FOLD_TIMEOUT_MS + " ms"));
    return consumer.completion()
      .compose(v -> action.get())
      .compose(v -> folded.future())
      .onComplete(ar -> {
        vertx.cancelTimer(timer);
        consumer.unregister();
      });
  }
}
