package dev.eventual.web;

import dev.eventual.readmodel.Outcome;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.broker.CommandBatcher;
import dev.eventual.config.Chaos;
import dev.eventual.config.Settings;
import dev.eventual.domain.Command;
import dev.eventual.domain.Kind;
import dev.eventual.domain.Rejection;
import dev.eventual.metrics.Metrics;
import dev.eventual.readmodel.Accepted;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.trace.CommandLog;
import dev.eventual.trace.Traceparent;
import dev.eventual.trace.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands commands to RabbitMQ through the circuit breaker and answers: 202 once the broker confirmed the command,
 * or, with {@code Prefer: wait=N}, the outcome once the read model has folded it. A command's trace starts here, under
 * the caller's {@code traceparent} when it sent one.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[;,\\s])wait\\s*=\\s*(\\d+)");

  private final ReadModel readModel;
  private final Chaos chaos;
  private final Metrics metrics;
  private final int partitions;
  private final long maxWaitSeconds;
  private final CommandBatcher commands;
  private final CircuitBreaker breaker;
  private final Tracing tracing;
  /** Idempotency-Keys being published from this node, by commandId: who uses each, as {@link KeyUse#claim()}. */
  private final LocalMap<String, String> claims;

  Dispatcher(Vertx vertx, Settings settings, ReadModel readModel, Chaos chaos, Metrics metrics, BrokerConnection broker,
             CircuitBreaker breaker, Tracing tracing) {
    this.tracing = tracing;
    this.readModel = readModel;
    this.chaos = chaos;
    this.metrics = metrics;
    this.partitions = settings.partitions();
    this.maxWaitSeconds = settings.waiting().maxSeconds();
    this.commands = new CommandBatcher(broker, settings.commandsExchange(), partitions, metrics::commandMessage, tracing);
    this.breaker = breaker;
    this.claims = vertx.sharedData().getLocalMap("eventual.http.keyClaims");
  }

  /**
   * Who used an Idempotency-Key, for which kind of command, on which list and for what request ({@code
   * Command.fingerprint()}, 0 when not known): only the same again is a retry, answered with the key's outcome.
   */
  private record KeyUse(String actor, String type, String listId, long fingerprint) {
    static KeyUse of(Command command) {
      return new KeyUse(command.actor(), command.kind().type(), command.listId(), command.fingerprint());
    }

    static KeyUse of(Outcome o) {
      return new KeyUse(o.actor(), o.commandType(), o.listId(), o.fingerprint());
    }

    static KeyUse of(Accepted.Entry e) {
      return new KeyUse(e.actor(), e.type(), e.listId(), e.fingerprint());
    }

    boolean sameAs(KeyUse other) {
      return actor.equals(other.actor) && type.equals(other.type) && java.util.Objects.equals(listId, other.listId)
        && (fingerprint == 0 || other.fingerprint == 0 || fingerprint == other.fingerprint);
    }

    String claim() {
      return actor + " " + type + " " + listId + " " + fingerprint;
    }
  }

  void accept(RoutingContext ctx, Command command, JsonObject acceptedBody, Function<Outcome, JsonObject> resource) {
    if (chaos.failHttp()) {
      throw new Problems.Problem(500, "chaos", "Injected failure", "chaos: this request failed on purpose before anything was enqueued; retry it");
    }
    long waitMs = preferWaitSeconds(ctx) * 1000L;
    String traceparent = ctx.request().getHeader("traceparent");
    submit(command, waitMs, Traceparent.valid(traceparent) ? traceparent : null).onComplete(ar -> {
      if (ar.failed()) {
        Problems.send(ctx, ar.cause());
      } else if (ar.result().isPresent()) {
        answerOutcome(ctx, ar.result().get(), resource);
      } else {
        ctx.response().setStatusCode(202).putHeader("Location", "/api/commands/" + command.commandId())
          .putHeader("Content-Type", "application/json")
          .end(acceptedBody.copy().put("commandId", command.commandId()).put("status", "accepted").encode());
      }
    });
  }

  /**
   * A 422 when this Idempotency-Key was already used by another user or for another kind of command, as far as this
   * node knows now: a cheap look before costly work (sign-up hashes a password first). {@link #submit} decides it
   * for good, atomically among this node's HTTP instances.
   */
  void checkKey(String commandId, String actor, Kind kind) {
    Optional<KeyUse> previous = previous(commandId);
    if (previous.isPresent() && !(previous.get().actor().equals(actor) && previous.get().type().equals(kind.type()))) {
      throw reused();
    }
  }

  /**
   * Publishes, then waits up to {@code waitMs} for the outcome; empty when it has not come yet. Fails with a 422
   * when the key belongs to another user or kind of command — found before publishing, or, when two nodes published
   * the same key at once and the processor kept the other one, in the outcome: an outcome is only ever handed to
   * the (actor, type) it belongs to.
   */
  Future<Optional<Outcome>> submit(Command command, long waitMs) {
    return submit(command, waitMs, null);
  }

  /** {@link #submit(Command, long)} under the caller's trace ({@code traceparent}; null: a trace of its own). */
  Future<Optional<Outcome>> submit(Command command, long waitMs, String traceparent) {
    KeyUse use = KeyUse.of(command);
    Optional<Outcome> done = readModel.state().outcome(command.commandId());
    if (done.isPresent()) {
      // Decided already (a retry): nothing to publish; a saga it opened may still be under way.
      return ours(done.get(), use).compose(o -> waitMs <= 0 ? Future.succeededFuture(Optional.<Outcome>empty())
        : o.settled() ? Future.succeededFuture(Optional.of(o)) : readModel.outcome(o.commandId(), waitMs));
    }
    // The claim makes check-then-publish atomic among this node's HTTP instances; a publish that completed before
    // it left its accepted entry, which is checked after claiming.
    String held = claims.putIfAbsent(command.commandId(), use.claim());
    if (held != null && !held.equals(use.claim())) {
      return Future.failedFuture(reused());
    }
    Optional<KeyUse> previous = previous(command.commandId());
    if (previous.isPresent() && !previous.get().sameAs(use)) {
      release(held, command);
      return Future.failedFuture(reused());
    }
    int partition = Command.partition(command.partitionKey(), partitions);
    long received = System.nanoTime();
    long at = Tracing.now();
    Tracing.Hop accept = tracing.begin("http accept", traceparent, at, SpanKind.SERVER)
      .attribute("eventual.command", command.commandId()).attribute("eventual.type", command.kind().type())
      .attribute("eventual.partition", partition);
    return breaker.<Void>execute(p -> commands.publish(partition, new JsonObject(command.toMap()).toBuffer(),
        accept.traceparent()).onComplete(p))
      .andThen(ar -> {
        long confirmed = Tracing.now();
        tracing.span("broker confirm", accept.traceparent(), at, confirmed);
        accept.end(confirmed);
        if (ar.succeeded()) {
          tracing.hops().accepted(command.commandId(), accept.traceparent(), at / 1000, confirmed / 1000);
          if (LOG.isDebugEnabled()) {
            try (CommandLog l = CommandLog.of(command.commandId(), accept.traceparent())) {
              LOG.debug("accepted {} for partition {}", command.kind().type(), partition);
            }
          }
          readModel.accepted().put(new Accepted.Entry(command.commandId(), command.actor(), command.kind().type(),
            command.listId(), System.nanoTime(), use.fingerprint()));
        }
        release(held, command);
      })
      .compose(v -> {
        metrics.accepted(received);
        metrics.commandAccepted(command.commandId(), command.kind().type(), partition);
        return waitMs <= 0 ? Future.succeededFuture(Optional.<Outcome>empty())
          : readModel.outcome(command.commandId(), waitMs).compose(outcome -> outcome.isEmpty()
            ? Future.succeededFuture(outcome) : ours(outcome.get(), use).map(Optional::of));
      });
  }

  private Optional<KeyUse> previous(String commandId) {
    return readModel.state().outcome(commandId).map(KeyUse::of).or(() -> readModel.accepted().get(commandId).map(KeyUse::of));
  }

  private void release(String held, Command command) {
    if (held == null) {
      claims.remove(command.commandId(), KeyUse.of(command).claim());
    }
  }

  private static Future<Outcome> ours(Outcome outcome, KeyUse use) {
    return use.sameAs(KeyUse.of(outcome)) ? Future.succeededFuture(outcome)
      : Future.failedFuture(reused());
  }

  static Problems.Problem reused() {
    return new Problems.Problem(422, "idempotency-key-reused", "Idempotency-Key reused",
      "this Idempotency-Key was already used for a different request (another user, kind of command, list, id or body), "
        + "which was kept; nothing of this request was done: make a new key");
  }

  private void answerOutcome(RoutingContext ctx, Outcome outcome, Function<Outcome, JsonObject> resource) {
    ctx.response().putHeader("Location", "/api/commands/" + outcome.commandId());
    switch (outcome.status()) {
      case "succeeded" -> ctx.response().setStatusCode(created(outcome) ? 201 : 200)
        .putHeader("Content-Type", "application/json")
        .end(resource.apply(outcome).encode());
      case "rejected" -> Problems.send(ctx, new Problems.Problem(Rejection.statusOf(outcome.code()), outcome.code(),
        Rejection.LIMIT.code().equals(outcome.code()) ? "Limit reached" : "Command rejected", outcome.reason()).with("commandId", outcome.commandId()).with("code", outcome.code()));
      default -> Problems.send(ctx, new Problems.Problem(500, "command-failed", "Command failed", outcome.reason())
        .with("commandId", outcome.commandId()));
    }
  }

  private static boolean created(Outcome outcome) {
    Kind kind = Kind.ofType(outcome.commandType());
    return kind != null && kind.creates().created();
  }

  private long preferWaitSeconds(RoutingContext ctx) {
    String prefer = ctx.request().getHeader("Prefer");
    if (prefer == null) {
      return 0;
    }
    Matcher m = PREFER_WAIT.matcher(prefer);
    if (!m.find()) {
      return 0;
    }
    long seconds;
    try {
      seconds = Math.min(Long.parseLong(m.group(1)), maxWaitSeconds);
    } catch (NumberFormatException e) {
      seconds = maxWaitSeconds;
    }
    ctx.response().putHeader("Preference-Applied", "wait=" + seconds);
    return seconds;
  }
}
