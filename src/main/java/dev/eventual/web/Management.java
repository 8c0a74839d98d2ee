package dev.eventual.web;

import dev.eventual.Node;
import dev.eventual.broker.BrokerConnection;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What a node tells its operator — {@code /health} (node id, partitions, cursors, connections) and {@code /metrics}
 * (commands per type, JVM memory) — on a port of its own ({@code management.port}, on {@code management.host},
 * loopback by default), as operators expect of a management endpoint; none of it is on the public port. {@code /ready}
 * is on both: a load balancer asks the public port.
 */
final class Management {
  private final Node node;
  private final BrokerConnection broker;
  private final CircuitBreaker breaker;
  private final ConnectionGuard connections;

  Management(Node node, BrokerConnection broker, CircuitBreaker breaker, ConnectionGuard connections) {
    this.node = node;
    this.broker = broker;
    this.breaker = breaker;
    this.connections = connections;
  }

  /** The management server: its three answers and a problem for anything else. */
  Future<HttpServer> listen(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(Uris::check);
    router.route().handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
      .end(node.metrics().scrape()));
    router.route().failureHandler(ctx -> Problems.send(ctx,
      ctx.failure() != null ? ctx.failure() : Problems.statusProblem(ctx.statusCode())));
    for (int status : new int[] {400, 404, 500}) {
      router.errorHandler(status, ctx -> Problems.send(ctx, ctx.failure() != null ? ctx.failure() : Problems.statusProblem(status)));
    }
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader("Allow", "GET, HEAD");
      Problems.send(ctx, 405);
    });
    return vertx.createHttpServer(new HttpServerOptions().setHost(node.settings().management().host())
      .setPort(node.settings().management().port())).requestHandler(router).listen();
  }

  void ready(RoutingContext ctx) {
    boolean brokerUp = broker.isConnected() && node.readModel().logConnected();
    boolean caughtUp = node.readModel().caughtUp();
    boolean ready = brokerUp && caughtUp && breaker.state() != CircuitBreakerState.OPEN;
    Http.json(ctx, ready ? 200 : 503, new JsonObject().put("ready", ready).put("broker", brokerUp)
      .put("caughtUp", caughtUp).put("breaker", breaker.state().name()).put("cursor", node.readModel().state().cursor()));
  }

  private void health(RoutingContext ctx) {
    JsonArray instances = new JsonArray();
    node.partitions().byInstance().forEach((instance, active) -> instances.add(new JsonObject().put("instance", instance)
      .put("activePartitions", new JsonArray(active))));
    Http.json(ctx, 200, new JsonObject().put("status", "up").put("node", node.nodeId())
      .put("activePartitions", new JsonArray(node.partitions().active()))
      .put("instances", instances)
      .put("cursor", node.readModel().state().cursor()).put("slowSocketsClosed", node.metrics().slowSocketsClosed())
      .put("staleDecisionsIgnored", node.readModel().state().staleDecisions())
      .put("snapshot", new JsonObject().put("restoredFrom", node.readModel().restoredFrom()).put("lastAt", node.readModel().snapshotAt()))
      .put("connections", connections.toJson()));
  }
}
