package dev.eventual;

import dev.eventual.auth.Auth;
import dev.eventual.config.Chaos;
import dev.eventual.config.Settings;
import dev.eventual.metrics.Metrics;
import dev.eventual.metrics.PartitionActivity;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.trace.Tracing;

import java.util.UUID;

/**
 * The parts the verticles of one JVM share, each owning its own state: the settings, the read model (folded only
 * by the event log verticle), the metrics, the chaos knobs, identity, the partitions this node decides, and tracing
 * (with each recent command's hops).
 * {@link Main} composes it and hands each verticle the parts it uses (the HTTP verticle uses them all, and hands
 * each API its own); nothing below a verticle sees the whole.
 */
public record Node(String nodeId, Settings settings, ReadModel readModel, Metrics metrics, Chaos chaos, Auth auth,
                   PartitionActivity partitions, Tracing tracing) {

  public static Node of(Settings settings) {
    ReadModel readModel = new ReadModel(settings.events().window());
    PartitionActivity partitions = new PartitionActivity();
    String nodeId = UUID.randomUUID().toString();
    Metrics metrics = new Metrics(new Metrics.Sources(settings.namespace(), nodeId, settings.partitions(), readModel.state()::cursor,
      readModel.state()::staleDecisions, readModel::logConnected, partitions::active, id -> readModel.state().outcome(id).isPresent()));
    return new Node(nodeId, settings, readModel, metrics, new Chaos(settings.chaos()), Auth.from(settings), partitions,
      Tracing.from(settings.otel().endpoint(), System.getenv(), settings.namespace(), nodeId));
  }
}
