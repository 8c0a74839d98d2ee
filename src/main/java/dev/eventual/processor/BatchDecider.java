package dev.eventual.processor;

import com.rabbitmq.client.Delivery;
import dev.eventual.config.Chaos;
import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Refusals;
import dev.eventual.domain.Event;
import dev.eventual.domain.Limits;
import dev.eventual.metrics.Metrics;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import dev.eventual.trace.Carrier;
import dev.eventual.trace.CommandLog;
import dev.eventual.trace.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a batch of one partition's commands one after the other against a fork of the read model (so each sees
 * the decisions before it), appends them back to back under the partition's fence, and completes once the last is
 * folded: every command of the batch is then in the read model, and can be acked. It fails at once if another
 * decider fences the partition first: the batch then goes back to the queue, for that decider.
 */
final class BatchDecider {
  private static final Logger LOG = LoggerFactory.getLogger(BatchDecider.class);
  static final long FOLD_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final String nodeId;
  private final ReadModel readModel;
  private final Chaos chaos;
  private final Metrics metrics;
  private final int maxAttempts;
  private final Appender appender;
  private final Limits limits;
  private final Tracing tracing;

  BatchDecider(Vertx vertx, String nodeId, ReadModel readModel, Chaos chaos, Metrics metrics, int maxAttempts,
            Appender appender, Limits limits, Tracing tracing) {
    this.limits = limits;
    this.tracing = tracing;
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.readModel = readModel;
    this.chaos = chaos;
    this.metrics = metrics;
    this.maxAttempts = maxAttempts;
    this.appender = appender;
  }

  Future<Void> close() {
    return appender.close();
  }

  /**
   * Completes, once the batch is folded, with its commands: those decided now and those decided before. Each decision
   * continues its command's trace (queue wait, decide, stream append) and takes it into the log.
   */
  Future<List<Command>> process(List<Delivery> batch, int partition, String fence, long dequeued) {
    State ahead = readModel.state().fork();
    List<Future<Void>> appended = new ArrayList<>();
    List<Command> commands = new ArrayList<>();
    String[] last = {null};
    Future<Void> decided = Future.succeededFuture();
    for (Delivery message : batch) {
      List<JsonObject> inMessage = commandsIn(message);
      List<String> traces = Carrier.traces(message.getProperties().getHeaders(), inMessage.size());
      long sent = Carrier.sent(message.getProperties().getHeaders()) * 1000;
      for (int i = 0; i < inMessage.size(); i++) {
        JsonObject command = inMessage.get(i);
        String queued = tracing.span("queue wait", traces.get(i), sent > 0 ? sent : dequeued, dequeued);
        decided = decided.compose(v -> {
          Tracing.Hop decide = tracing.begin("decide", queued, Tracing.now())
            .attribute("eventual.partition", partition).attribute("eventual.fence", fence);
          return decision(command, ahead, commands, decide.traceparent()).map(event -> {
            long at = Tracing.now();
            decide.end(at);
            if (event != null) {
              Event fenced = event.fenced(partition, fence);
              ahead.apply(fenced);
              appended.add(append(fenced, new Carrier.Stamp(decide.traceparent(), dequeued / 1000, at / 1000)));
              last[0] = fenced.commandId();
              if (LOG.isDebugEnabled()) {
                try (CommandLog l = CommandLog.of(fenced.commandId(), decide.traceparent())) {
                  LOG.debug("decided: {} (partition {}, fence {})", fenced.type(), partition, fence);
                }
              }
            }
            return null;
          });
        });
      }
    }
    return decided
      .compose(v -> Future.all(appended))
      .compose(v -> last[0] == null ? Future.succeededFuture()
        : readModel.decided(last[0], partition, fence, FOLD_TIMEOUT_MS))
      .map(v -> commands);
  }

  /**
   * The commands a queue message holds: one, or several ({@code {"commands":[…]}}, see {@code CommandBatcher}); none
   * for a nudge, or for what is not JSON (dropped, with a log line: nothing in it can be answered).
   */
  static List<JsonObject> commandsIn(Delivery message) {
    if (isNudge(message)) {
      return List.of();
    }
    JsonObject json;
    try {
      json = Buffer.buffer(message.getBody()).toJsonObject();
    } catch (RuntimeException e) {
      LOG.error("dropping a command message that is not JSON: {}", e.getMessage());
      return List.of();
    }
    if (!(json.getValue("commands") instanceof JsonArray several)) {
      return List.of(json);
    }
    List<JsonObject> commands = new ArrayList<>(several.size());
    for (Object o : several) {
      if (o instanceof JsonObject command) {
        commands.add(command);
      } else {
        LOG.error("dropping an element of a command message that is not a JSON object: {}", o);
      }
    }
    return commands;
  }

  /** A marker that takes the partition for this decider once folded; completes with the folded fence. */
  Future<Event> fence(int partition, String fenceId) {
    Future<Event> folded = readModel.fence(fenceId, FOLD_TIMEOUT_MS);
    return append(Event.fence(fenceId, partition, nodeId, Instant.now().toString()), null).compose(v -> folded);
  }

  /** Whether a queue message is a nudge: nothing to decide, only a delivery that tells a consumer it is active. */
  static boolean isNudge(Delivery message) {
    return java.util.Arrays.equals(message.getBody(), NUDGE);
  }

  private static final byte[] NUDGE = "{\"nudge\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  static Buffer nudge() {
    return Buffer.buffer(NUDGE);
  }

  /** The decision a command needs: its own, or a rejection of a malformed one; null for none (decided before). */
  private Future<Event> decision(JsonObject json, State ahead, List<Command> commands, String traceparent) {
    Command command;
    try {
      command = Command.fromMap(json.getMap());
    } catch (Command.Malformed m) {
      if (m.commandId == null || ahead.outcome(m.commandId).isPresent()) {
        LOG.error("dropping a command without a commandId: {}", m.getMessage());
        return Future.succeededFuture();
      }
      return Future.succeededFuture(decided(Refusals.malformed(ahead, m, Instant.now().toString())));
    }
    commands.add(command);
    return ahead.outcome(command.commandId()).isPresent() ? Future.succeededFuture() : attempt(command, 1, ahead, traceparent);
  }

  /**
   * Decides the command; a failure of the decision itself (injected by chaos, or a command that breaks the decider)
   * is retried in place with exponential backoff and, after the last attempt, ends the command as CommandFailed so
   * that it never blocks its partition. A failure to append is the broker's, not the command's: it is redelivered.
   */
  private Future<Event> attempt(Command command, int attempt, State state, String traceparent) {
    long delay = chaos.processingDelayMs();
    Future<Void> waited = delay > 0 ? vertx.timer(delay).mapEmpty() : Future.succeededFuture();
    return waited.compose(v -> {
      String failure;
      try {
        // A saga's last step is exempt from injected failures: failing is what its compensation is for.
        if (command.kind().saga().ends() || !chaos.failProcessing()) {
          return Future.succeededFuture(decided(Decider.decide(state, limits, command, Instant.now().toString())
            .fingerprinted(command.fingerprint())));
        }
        failure = "injected transient failure";
      } catch (RuntimeException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (attempt >= maxAttempts) {
        try (CommandLog l = CommandLog.of(command.commandId(), traceparent)) {
          LOG.warn("command {} failed {} times ({}); ending it as CommandFailed", command.commandId(), attempt, failure);
        }
        return Future.succeededFuture(decided(Refusals.fail(state, command, Instant.now().toString(),
          "processing failed " + attempt + " times: " + failure, attempt).fingerprinted(command.fingerprint())));
      }
      long backoff = Math.min(2_000, 25L << Math.min(attempt, 10));
      return vertx.timer(backoff).compose(t -> attempt(command, attempt + 1, state, traceparent));
    });
  }

  private Event decided(Event event) {
    metrics.decisionMade(event.status());
    return event;
  }

  /** Appends the event; with a stamp, its trace and times go along, and the append is a hop of its trace. */
  private Future<Void> append(Event event, Carrier.Stamp stamp) {
    if (stamp == null || !tracing.on()) {
      return appender.append(event, stamp);
    }
    long start = Tracing.now();
    return appender.append(event, stamp).andThen(ar -> tracing.span("stream append", stamp.traceparent(), start, Tracing.now()));
  }
}
