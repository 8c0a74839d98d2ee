package dev.eventual.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What a node measures about itself, scraped by Prometheus at {@code GET /metrics}; the benchmark reads the same. */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong socketsOpen = new AtomicLong();
  private final AtomicLong slowSocketsClosed = new AtomicLong();
  private final Timer accept;
  private final Timer outcome;
  private final Timer decision;
  private final Counter folded;
  private final io.micrometer.core.instrument.DistributionSummary commandsPerMessage;

  public Metrics(Supplier<Number> cursor, Supplier<Number> staleDecisions) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    accept = latency("eventual.command.accept", "from receiving a command over HTTP to RabbitMQ confirming it");
    outcome = latency("eventual.command.outcome", "from accepting a command on this node to folding its outcome here");
    decision = latency("eventual.processor.decision", "from a command's delivery to its ack, decision folded");
    commandsPerMessage = io.micrometer.core.instrument.DistributionSummary.builder("eventual.command.messages")
      .description("commands per message published to a partition queue (batched under load)").register(registry);
    folded = Counter.builder("eventual.events.folded").description("events folded into the read model").register(registry);
    Gauge.builder("eventual.read.model.cursor", cursor).description("stream offset folded last").register(registry);
    Gauge.builder("eventual.decisions.stale", staleDecisions)
      .description("decisions ignored by the fold: taken under a fence that was no longer their partition's").register(registry);
    Gauge.builder("eventual.sockets.open", socketsOpen, AtomicLong::get).description("open SockJS sockets").register(registry);
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name).description(description).publishPercentiles(0.5, 0.9, 0.99, 0.999)
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry);
  }

  public void accepted(long receivedAtNanos) {
    accept.record(System.nanoTime() - receivedAtNanos, TimeUnit.NANOSECONDS);
  }

  public void outcome(long acceptedAtNanos) {
    outcome.record(System.nanoTime() - acceptedAtNanos, TimeUnit.NANOSECONDS);
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

  public void commandAccepted(String type) {
    registry.counter("eventual.commands.accepted", "type", type).increment();
  }

  public void decisionMade(String status) {
    registry.counter("eventual.processor.decisions", "status", status).increment();
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
    return registry.scrape();
  }
}
