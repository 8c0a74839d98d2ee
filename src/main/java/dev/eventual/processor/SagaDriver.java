package dev.eventual.processor;

import dev.eventual.broker.BrokerConnection;
import dev.eventual.broker.Topology;
import dev.eventual.config.Chaos;
import dev.eventual.config.Settings;
import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.readmodel.ReadModel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives sagas (README, "Sagas"). Once a batch is folded, and before it is acked, every command of it that is a
 * step of a saga under way — decided now, or before and delivered again — has the saga's next step published to
 * the queue of the partition that decides that step. A step's message is acked only once its successor is
 * confirmed, so the queues hold each saga's progress: a crash in between delivers the step again, to whoever owns
 * its partition by then, who sends the next step again; derived from the saga's id, its command id is the same, so
 * it has one effect however often it is sent.
 */
final class SagaDriver {
  private static final Logger LOG = LoggerFactory.getLogger(SagaDriver.class);

  private final Settings settings;
  private final ReadModel readModel;
  private final Chaos chaos;
  private final BrokerConnection broker;

  SagaDriver(Settings settings, ReadModel readModel, Chaos chaos, BrokerConnection broker) {
    this.settings = settings;
    this.readModel = readModel;
    this.chaos = chaos;
    this.broker = broker;
  }

  Future<Void> drive(List<Command> commands) {
    List<Future<Void>> sent = new ArrayList<>();
    for (Command c : commands) {
      Optional<Command> next = Decider.next(readModel.state(), c);
      if (next.isEmpty()) {
        continue;
      }
      int step = c.kind().saga().step();
      if (chaos.haltAfterStep(step)) {
        LOG.error("chaos.haltAfterStep: halting the JVM after step {} of saga {}, before its next step is sent", step,
          next.get().kind().map(next.get().body()).get("sagaId"));
        Runtime.getRuntime().halt(137);
      }
      int partition = Command.partition(next.get().partitionKey(), settings.partitions());
      sent.add(broker.publish(settings.commandsExchange(), Topology.routingKey(partition),
        new JsonObject(next.get().toMap()).toBuffer()));
    }
    return Future.all(sent).mapEmpty();
  }
}
