package dev.eventual.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One trace per command. Off (no endpoint) it only hands trace contexts on: a hop's context is its parent's, and no
 * span is made, so tracing costs a string per command. On, each hop is a span exported over OTLP/HTTP: begun where
 * its id must travel before it ends (HTTP accept, decide), or made whole afterwards from the times the hop recorded
 * anyway (broker confirm, queue wait, stream append, fold, push). Times are epoch nanoseconds from {@link #now()}.
 */
public final class Tracing implements AutoCloseable {
  private static final long EPOCH_AT_NANO_ZERO = epochNanos(Instant.now()) - System.nanoTime();

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final Hops hops = new Hops(10_000);

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider == null ? null : provider.get("dev.eventual");
  }

  public static Tracing off() {
    return new Tracing(null);
  }

  /** On when {@code endpoint} (otel.endpoint) or the environment's OTEL_EXPORTER_OTLP_ENDPOINT names a collector. */
  public static Tracing from(String endpoint, Map<String, String> env, String namespace, String nodeId) {
    String base = !endpoint.isBlank() ? endpoint : env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "");
    if (base.isBlank()) {
      return off();
    }
    String url = base.endsWith("/v1/traces") ? base : base.replaceAll("/+$", "") + "/v1/traces";
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
      AttributeKey.stringKey("service.name"), "eventual", AttributeKey.stringKey("service.instance.id"), nodeId,
      AttributeKey.stringKey("service.namespace"), namespace)));
    return new Tracing(SdkTracerProvider.builder().setResource(resource)
      .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(url).build())
        .setScheduleDelay(Duration.ofMillis(500)).build())
      .build());
  }

  public boolean on() {
    return tracer != null;
  }

  /** Each command's hops as this node saw them, for {@code GET /api/commands/{id}}. */
  public Hops hops() {
    return hops;
  }

  /** Now, in epoch nanoseconds, at nanoTime's resolution. */
  public static long now() {
    return EPOCH_AT_NANO_ZERO + System.nanoTime();
  }

  /** Begins a hop under {@code parent} (a traceparent; null: a new trace). */
  public Hop begin(String name, String parent, long startNanos) {
    return begin(name, parent, startNanos, SpanKind.INTERNAL);
  }

  public Hop begin(String name, String parent, long startNanos, SpanKind kind) {
    if (tracer == null) {
      return new Hop(null, parent != null ? parent : Traceparent.fresh());
    }
    Context context = Context.root();
    if (parent != null) {
      context = context.with(Span.wrap(SpanContext.createFromRemoteParent(Traceparent.traceId(parent),
        Traceparent.spanId(parent), Traceparent.sampled(parent) ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault())));
    }
    Span span = tracer.spanBuilder(name).setParent(context).setSpanKind(kind)
      .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS).startSpan();
    SpanContext own = span.getSpanContext();
    return new Hop(span, Traceparent.of(own.getTraceId(), own.getSpanId(), own.isSampled()));
  }

  /** A hop that is over already: its span, and the context its children take. */
  public String span(String name, String parent, long startNanos, long endNanos) {
    if (tracer == null) {
      return parent;
    }
    return begin(name, parent, startNanos).end(endNanos);
  }

  @Override
  public void close() {
    if (provider != null) {
      provider.close();
    }
  }

  private static long epochNanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** One hop of a command: a span when tracing is on; its context either way. */
  public static final class Hop {
    private final Span span;
    private final String traceparent;

    private Hop(Span span, String traceparent) {
      this.span = span;
      this.traceparent = traceparent;
    }

    public String traceparent() {
      return traceparent;
    }

    public Hop attribute(String key, String value) {
      if (span != null && value != null) {
        span.setAttribute(key, value);
      }
      return this;
    }

    public Hop attribute(String key, long value) {
      if (span != null) {
        span.setAttribute(key, value);
      }
      return this;
    }

    /** Links a command this hop carries (a batch carries many): its own trace. */
    public Hop link(String traceparent) {
      if (span != null && traceparent != null) {
        span.addLink(SpanContext.createFromRemoteParent(Traceparent.traceId(traceparent), Traceparent.spanId(traceparent),
          Traceparent.sampled(traceparent) ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault()));
      }
      return this;
    }

    /** Ends the hop; returns its context. */
    public String end(long endNanos) {
      if (span != null) {
        span.end(endNanos, TimeUnit.NANOSECONDS);
      }
      return traceparent;
    }
  }
}
