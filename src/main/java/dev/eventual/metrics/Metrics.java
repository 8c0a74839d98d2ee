package dev.eventual.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a node measures about itself, scraped by Prometheus at {@code GET /metrics}; the benchmark reads the same, and
 * the alerts and dashboard in {@code ops/} are written against these names. Every series but
 * {@code eventual_identity_info} leaves out the namespace: joined on {@code instance}, as RabbitMQ's own metrics do.
 */
public final class Metrics {
  /** What the gauges read, known once the node is put together. */
  public record Sources(String namespace, String nodeId, int partitions, LongSupplier cursor, LongSupplier staleDecisions,
                        BooleanSupplier logConnected, Supplier<Collection<Integer>> activePartitions, Predicate<String> decided) {
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Held here: a function counter keeps its source only weakly. */
  private final Sources sources;
  private volatile LongSupplier connectionsRefused;
  private final AtomicLong socketsOpen = new AtomicLong();
  private final AtomicLong slowSocketsClosed = new AtomicLong();
  /** Each HTTP verticle's connection to publish commands. */
  private final Map<Object, BooleanSupplier> publishers = new ConcurrentHashMap<>();
  private final Map<String, Timer> outcomes = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> responses = new ConcurrentHashMap<>();
  private final AtomicBoolean connectionsWatched = new AtomicBoolean();
  private final Pending pending;
  private final Timer accept;
  private final Timer decision;
  private final Counter folded;
  private final Counter snapshotFailures;
  private final Counter breakerOpened;
  private final DistributionSummary commandsPerMessage;
  private volatile DoubleSupplier logLagSeconds = () -> 0;
  private volatile LongSupplier snapshotUnsavedSeconds = () -> 0;

  public Metrics(Sources sources) {
    this.sources = sources;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("eventual.identity.info", () -> 1).tag("eventual_namespace", sources.namespace())
      .tag("eventual_node", sources.nodeId()).description("this node's namespace and id: join on instance").register(registry);
    accept = latency("eventual.command.accept", "from receiving a command over HTTP to RabbitMQ confirming it").register(registry);
    decision = latency("eventual.processor.decision", "from a command's delivery to its ack, decision folded").register(registry);
    commandsPerMessage = DistributionSummary.builder("eventual.command.messages")
      .description("commands per message published to a partition queue (batched under load)").register(registry);
    folded = Counter.builder("eventual.events.folded").description("events folded into the read model").register(registry);
    Gauge.builder("eventual.read.model.cursor", sources.cursor()::getAsLong).description("stream offset folded last").register(registry);
    FunctionCounter.builder("eventual.decisions.stale", this, m -> m.sources.staleDecisions().getAsLong())
      .description("decisions ignored by the fold: taken under a fence that was no longer their partition's").register(registry);
    Gauge.builder("eventual.log.lag", () -> logLagSeconds.getAsDouble()).baseUnit("seconds")
      .description("how far the fold is behind the log: how long ago the oldest entry received and not folded yet was written")
      .register(registry);
    Gauge.builder("eventual.sockets.open", socketsOpen, AtomicLong::get).description("open SockJS sockets").register(registry);
    FunctionCounter.builder("eventual.sockets.slow.closed", slowSocketsClosed, AtomicLong::get)
      .description("sockets closed because they stopped reading what they were sent").register(registry);
    pending = new Pending(sources.partitions(), sources.decided());
    for (int p = 0; p < sources.partitions(); p++) {
      int partition = p;
      String tag = String.valueOf(p);
      Gauge.builder("eventual.commands.pending", () -> pending.count(partition)).tag("partition", tag)
        .description("commands this node accepted whose outcome it has not folded yet").register(registry);
      Gauge.builder("eventual.commands.pending.oldest", () -> pending.oldestSeconds(partition)).tag("partition", tag)
        .baseUnit("seconds").description("how long the oldest of those has waited").register(registry);
      Gauge.builder("eventual.processor.partition.active", () -> sources.activePartitions().get().contains(partition) ? 1 : 0)
        .tag("partition", tag).description("1 when a processor of this node decides the partition").register(registry);
    }
    Gauge.builder("eventual.broker.connected", () -> publishers.values().stream().allMatch(BooleanSupplier::getAsBoolean) ? 1 : 0)
      .tag("link", "commands").description("1 when every HTTP instance's connection to publish commands is up").register(registry);
    Gauge.builder("eventual.broker.connected", () -> sources.logConnected().getAsBoolean() ? 1 : 0)
      .tag("link", "log").description("1 when the event log is read and appended to").register(registry);
    // A counter, not the breaker's state: open and half-open alternate each second during an outage, and a gauge read
    // every 15 s would flap between them.
    breakerOpened = Counter.builder("eventual.publish.breaker.opened")
      .description("times a breaker in front of RabbitMQ opened (or opened again after a half-open try): commands get 503 at once")
      .register(registry);
    for (int status = 1; status <= 5; status++) {
      responses.put(status, Counter.builder("eventual.http.responses").tag("status", status + "xx")
        .description("HTTP responses by status class").register(registry));
    }
    snapshotFailures = Counter.builder("eventual.snapshot.failures").description("snapshots that could not be written").register(registry);
    Gauge.builder("eventual.snapshot.unsaved", () -> snapshotUnsavedSeconds.getAsLong()).baseUnit("seconds")
      .description("how long the oldest event folded since the last snapshot has waited to be in one (0: none)").register(registry);
  }

  private static Timer.Builder latency(String name, String description) {
    return Timer.builder(name).description(description).publishPercentiles(0.5, 0.9, 0.99, 0.999)
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30));
  }

  public void accepted(long receivedAtNanos) {
    accept.record(System.nanoTime() - receivedAtNanos, TimeUnit.NANOSECONDS);
  }

  /** RabbitMQ confirmed a command of {@code type} for {@code partition}: it counts as pending until its outcome is folded. */
  public void commandAccepted(String commandId, String type, int partition) {
    registry.counter("eventual.commands.accepted", "type", type).increment();
    pending.accepted(commandId, partition, System.nanoTime());
  }

  /** The outcome of a command this node accepted was folded here. */
  public void outcome(String commandId, String type, long acceptedAtNanos) {
    pending.settled(commandId);
    outcomes.computeIfAbsent(type, t -> latency("eventual.command.outcome",
        "from accepting a command on this node to folding its outcome here").tag("type", t).register(registry))
      .record(System.nanoTime() - acceptedAtNanos, TimeUnit.NANOSECONDS);
  }

  public void decided(long deliveredAtNanos) {
    decision.record(System.nanoTime() - deliveredAtNanos, TimeUnit.NANOSECONDS);
  }

  /** A message of {@code commands} commands was confirmed into a partition queue. */
  public void commandMessage(int commands) {
    commandsPerMessage.record(commands);
  }

  /** A processor of this node took a partition: appended a fence and folded it. */
  public void fenceTaken() {
    registry.counter("eventual.processor.fences").increment();
  }

  public void folded() {
    folded.increment();
  }

  public void decisionMade(String status) {
    registry.counter("eventual.processor.decisions", "status", status).increment();
  }

  /** An HTTP verticle publishes commands over {@code connected}; until {@link #unwatchPublisher}. */
  public void watchPublisher(Object owner, BooleanSupplier connected) {
    publishers.put(owner, connected);
  }

  /** A breaker in front of RabbitMQ opened. */
  public void publishBreakerOpened() {
    breakerOpened.increment();
  }

  public void unwatchPublisher(Object owner) {
    publishers.remove(owner);
  }

  /** The node's HTTP connections (shared by its HTTP verticles: the first to call is kept). */
  public void watchConnections(IntSupplier open, int max, LongSupplier refused) {
    if (connectionsWatched.compareAndSet(false, true)) {
      connectionsRefused = refused;
      Gauge.builder("eventual.http.connections.open", open::getAsInt).description("open HTTP connections").register(registry);
      Gauge.builder("eventual.http.connections.max", () -> max).description("open HTTP connections the node accepts (http.maxConnections)")
        .register(registry);
      FunctionCounter.builder("eventual.http.connections.refused", this, m -> m.connectionsRefused.getAsLong())
        .description("connections answered 503 and closed: past http.maxConnections or http.maxConnectionsPerAddress").register(registry);
    }
  }

  /** An HTTP response went out with {@code status}. */
  public void answered(int status) {
    Counter counter = responses.get(status / 100);
    if (counter != null) {
      counter.increment();
    }
  }

  /** How far the event log's fold is behind the log, in seconds (over the stream protocol; 0 over AMQP). */
  public void watchLog(DoubleSupplier lagSeconds) {
    logLagSeconds = lagSeconds;
  }

  public void watchSnapshots(LongSupplier unsavedSeconds) {
    snapshotUnsavedSeconds = unsavedSeconds;
  }

  public void snapshotFailed() {
    snapshotFailures.increment();
  }

  public void socketOpened() {
    socketsOpen.incrementAndGet();
  }

  public void socketClosed() {
    socketsOpen.decrementAndGet();
  }

  /** A socket closed because it stopped reading (see SocketBridge). */
  public void slowSocketClosed() {
    slowSocketsClosed.incrementAndGet();
  }

  public long slowSocketsClosed() {
    return slowSocketsClosed.get();
  }

  public String scrape() {
    pending.count();
    return registry.scrape();
  }
}
