package dev.eventual.ops;

import com.google.protobuf.ByteString;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace per command (issue 22), through a local OTLP/HTTP receiver: a command sent with its own traceparent to
 * an HTTP-only node, decided by another node, folded by both, is one trace whose spans continue each other across
 * the broker and the log.
 */
class TracingTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  /** A span as the receiver got it: the node (service.instance.id) that sent it. */
  record Received(String node, Span span) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String id() {
      return hex(span.getSpanId());
    }

    String parent() {
      return hex(span.getParentSpanId());
    }

    static String hex(ByteString b) {
      return HexFormat.of().formatHex(b.toByteArray());
    }
  }

  final Vertx vertx = Vertx.vertx();
  final List<Received> spans = new CopyOnWriteArrayList<>();
  final List<Map.Entry<Predicate<List<Received>>, CompletableFuture<Void>>> waiting = new CopyOnWriteArrayList<>();
  HttpServer receiver;

  @BeforeEach
  void receiver() throws Exception {
    receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (!req.path().equals("/v1/traces")) {
        req.response().setStatusCode(404).end();
        return;
      }
      try {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
        for (ResourceSpans rs : export.getResourceSpansList()) {
          String node = rs.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.instance.id"))
            .map(KeyValue::getValue).map(v -> v.getStringValue()).findFirst().orElse("?");
          for (ScopeSpans ss : rs.getScopeSpansList()) {
            ss.getSpansList().forEach(s -> spans.add(new Received(node, s)));
          }
        }
      } catch (Exception e) {
        req.response().setStatusCode(400).end();
        return;
      }
      waiting.forEach(w -> {
        if (w.getKey().test(spans)) {
          w.getValue().complete(null);
        }
      });
      req.response().putHeader("Content-Type", "application/x-protobuf")
        .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a command sent with its own traceparent is one trace across two nodes: accepted on one, decided on the other, folded and pushed on both")
  void oneTraceAcrossTwoNodes() throws Exception {
    String ns = TestNode.namespace();
    String endpoint = "http://127.0.0.1:" + receiver.actualPort();
    try (TestNode decider = TestNode.start(ns, "otel.endpoint", endpoint);
         TestNode front = TestNode.start(ns, "otel.endpoint", endpoint, "processor.instances", "0")) {
      User ana = front.api.signup(Api.uniqueName("ana"));
      CompletableFuture<Void> bothFolded = when(all -> ours(all).stream().filter(r -> r.span().getName().equals("push"))
        .map(Received::node).distinct().count() == 2);
      String commandId = UUID.randomUUID().toString();
      Api.Response created = front.api.commandWithKey(ana, commandId, "POST", "/api/lists",
        new JsonObject().put("name", "traced").encode(), "Prefer", "wait=10", "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
      assertThat(created.status()).isEqualTo(201);
      bothFolded.get(30, TimeUnit.SECONDS);

      List<Received> trace = ours(spans);
      String frontId = front.node.nodeId();
      String deciderId = decider.node.nodeId();
      Received accept = one(trace, "http accept", frontId);
      assertThat(accept.parent()).as("the caller's span is the parent").isEqualTo(CALLER_SPAN);
      assertThat(accept.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(one(trace, "broker confirm", frontId).parent()).isEqualTo(accept.id());
      Received queued = one(trace, "queue wait", deciderId);
      assertThat(queued.parent()).as("the context crossed the broker").isEqualTo(accept.id());
      Received decide = one(trace, "decide", deciderId);
      assertThat(decide.parent()).isEqualTo(queued.id());
      assertThat(decide.span().getAttributesList().stream().map(KeyValue::getKey)).contains("eventual.partition", "eventual.fence");
      assertThat(one(trace, "stream append", deciderId).parent()).isEqualTo(decide.id());
      for (String node : List.of(frontId, deciderId)) {
        Received fold = one(trace, "fold", node);
        assertThat(fold.parent()).as("the context crossed the log to %s", node).isEqualTo(decide.id());
        assertThat(one(trace, "push", node).parent()).isEqualTo(fold.id());
      }
      assertThat(trace.stream().map(Received::node).collect(Collectors.toSet())).isEqualTo(Set.of(frontId, deciderId));

      JsonObject command = awaitHops(front.api, ana, commandId);
      assertThat(command.getString("traceId")).isEqualTo(TRACE_ID);
      JsonObject hops = command.getJsonObject("hops");
      assertThat(hops.getDouble("confirmed")).isGreaterThanOrEqualTo(hops.getDouble("accepted"));
      // The decider may take the command off its queue before the front node has handled the broker's confirm.
      double previous = 0;
      for (String hop : List.of("accepted", "dequeued", "decided", "folded", "pushed")) {
        assertThat(hops.getDouble(hop)).as(hop).isNotNull().isGreaterThanOrEqualTo(previous);
        previous = hops.getDouble(hop);
      }
      assertThat(hops.getDouble("appended")).isNotNull();
      assertThat(front.api.get(front.api.signup(Api.uniqueName("ben")), "/api/commands/" + commandId).status())
        .as("only its author sees a command").isEqualTo(404);
    } finally {
      Namespace.delete(ns);
    }
  }

  private CompletableFuture<Void> when(Predicate<List<Received>> condition) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiting.add(Map.entry(condition, done));
    if (condition.test(spans)) {
      done.complete(null);
    }
    return done;
  }

  private static List<Received> ours(List<Received> all) {
    return all.stream().filter(r -> r.traceId().equals(TRACE_ID)).toList();
  }

  private static Received one(List<Received> trace, String name, String node) {
    List<Received> found = trace.stream().filter(r -> r.span().getName().equals(name) && r.node().equals(node)).toList();
    assertThat(found).as("%s on node %s among %s", name, node,
      trace.stream().map(r -> r.span().getName() + "@" + r.node().substring(0, 8)).toList()).hasSize(1);
    return found.get(0);
  }

  /** GET /api/commands/{id} once the node has recorded the push (just after the fold that answered the wait). */
  private static JsonObject awaitHops(Api api, User user, String commandId) {
    JsonObject last = null;
    for (int i = 0; i < 50; i++) {
      Api.Response r = api.get(user, "/api/commands/" + commandId);
      assertThat(r.status()).isEqualTo(200);
      last = r.json();
      if (last.getJsonObject("hops") != null && last.getJsonObject("hops").containsKey("pushed")) {
        return last;
      }
    }
    throw new AssertionError("no pushed hop in " + last);
  }
}
