package dev.eventual.web;

import dev.eventual.Node;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.eventlog.LogHistory;
import dev.eventual.eventlog.Resume;
import dev.eventual.html.Html;
import dev.eventual.socket.SocketBridge;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Consumer;

/**
 * The REST API, the static web app, the pages without JavaScript and the socket bridge at {@code /eventbus}; and the
 * management port's server.
 */
public class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  /** The page's own scripts, styles, sockets and service worker; a data: icon; nothing framed, nothing inline. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    + " connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The event stream: a GET, guarded like a socket (a foreign page may not read a user's events with their cookie). */
  private static final String STREAM = "/api/events/stream";
  private final Node node;
  private final Consumer<Ports> listening;
  private BrokerConnection broker;
  private CircuitBreaker breaker;
  private ConnectionGuard connections;
  private LogHistory history;

  /** Where a node listens: the public port, and the management port ({@link Management}). */
  public record Ports(int http, int management) {
  }

  /** {@code listening} is told the ports once both servers listen. */
  public HttpVerticle(Node node, Consumer<Ports> listening) {
    this.node = node;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    if (!node.readModel().caughtUp()) {
      return Future.failedFuture("HTTP deployed before the read model caught up with the log");
    }
    broker = new BrokerConnection(vertx, node.settings(), "eventual-http-" + node.nodeId(), client -> Future.succeededFuture());
    // Open, the breaker answers 503 at once, and lets one command through to try each second: the connection to
    // this broker or the next of a cluster is usually back within a second (a 5 s reset kept answering 503 for 5 s
    // after a cluster node died, long after the node had reconnected).
    breaker = CircuitBreaker.create("publish-commands", vertx, new CircuitBreakerOptions()
      .setMaxFailures(5).setTimeout(5_000).setResetTimeout(1_000));
    breaker.openHandler(v -> {
      node.metrics().publishBreakerOpened();
      LOG.warn("publishing commands failed 5 times: answering 503 until RabbitMQ takes them again");
    })
      .closeHandler(v -> LOG.info("publishing commands works again"));
    Dispatcher dispatcher = new Dispatcher(vertx, node.settings(), node.readModel(), node.chaos(), node.metrics(), broker, breaker,
      node.tracing());
    connections = new ConnectionGuard(vertx, node.settings());
    node.metrics().watchPublisher(this, broker::isConnected);
    node.metrics().watchConnections(() -> connections.toJson().getInteger("open"), connections.toJson().getInteger("max"),
      () -> connections.toJson().getLong("refused"));

    Router router = Router.router(vertx);
    router.route().handler(Uris::check);
    // Every GET answers HEAD too (Vert.x leaves out the body of a HEAD's answer by itself).
    router.route().method(HttpMethod.HEAD).handler(ctx -> {
      ctx.put(Http.HEAD, true);
      ctx.reroute(HttpMethod.GET, ctx.request().uri());
    });
    router.route().handler(ctx -> {
      ctx.addEndHandler(sent -> {
        if (sent.succeeded()) {
          node.metrics().answered(ctx.response().getStatusCode());
        }
      });
      ctx.next();
    });
    router.route().handler(this::secure);
    router.route().handler(MediaTypes::check);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(node.settings().http().maxBodyBytes()));
    AuthApi authApi = new AuthApi(vertx, node.settings(), node.readModel(), node.auth(), dispatcher);
    authApi.mount(router);
    new CommandApi(node.readModel(), dispatcher, node.auth().commands()).mount(router);
    history = new LogHistory(vertx, node.settings(), "eventual-history-" + node.nodeId());
    Resume resume = new Resume(vertx, node.readModel(), history, node.settings().events().resumeDepth());
    new QueryApi(node.readModel(), resume, node.tracing().hops()).mount(router);
    Future<Void> streams = new EventStreamApi(vertx, node.readModel(), resume, node.metrics()).mount(router);
    new PresenceApi(node.readModel(), broker, node.settings().presenceExchange()).mount(router);
    new AdminApi(node.chaos(), node.settings().admins()).mount(router);
    Html html = new Html(vertx);
    PageRoutes pages = new PageRoutes(node.readModel(), html, node.auth().sessions());
    pages.mount(router);
    int maxBody = node.settings().http().maxBodyBytes();
    new AuthForms(authApi, pages, node.auth().sessions(), maxBody).mount(router);
    new FormRoutes(dispatcher, pages, node.auth().sessions(), node.settings().waiting().maxSeconds() * 1000L, maxBody).mount(router);
    Management management = new Management(node, broker, breaker, connections);
    router.get("/ready").handler(management::ready);
    Future<Void> bridge = new SocketBridge(vertx, node.settings(), node.readModel(), node.metrics()).mount(router);
    router.get("/webjars/*").handler(StaticFiles.versioned("META-INF/resources/webjars"));
    router.get().handler(new StaticFiles("webroot"));
    router.route().failureHandler(ctx -> Problems.send(ctx,
      ctx.failure() != null ? ctx.failure() : Problems.statusProblem(ctx.statusCode())));
    router.errorHandler(404, ctx -> Problems.send(ctx, 404));
    // What fails outside a handler (Vert.x matching routes, a failure handler failing) is a problem too, never text.
    router.errorHandler(400, ctx -> Problems.send(ctx, ctx.failure() != null ? ctx.failure() : Problems.statusProblem(400)));
    router.errorHandler(500, ctx -> Problems.send(ctx, ctx.failure() != null ? ctx.failure() : Problems.statusProblem(500)));
    Allowed allowed = new Allowed(router);
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader("Allow", allowed.of(ctx.request().path()));
      Problems.send(ctx, 405);
    });

    return Future.all(broker.start(), bridge, streams, html.ready())
      .compose(v -> vertx.createHttpServer(connections.options(SocketBridge.limits(new HttpServerOptions()).setHost(node.settings().http().host())
          .setPort(node.settings().http().port()).setCompressionSupported(true)))
        .connectionHandler(connections::connected).requestHandler(router).listen())
      .compose(server -> {
        connections.watch(vertx, server);
        return management.listen(vertx).onSuccess(managed -> listening.accept(new Ports(server.actualPort(), managed.actualPort())));
      });
  }

  @Override
  public Future<?> stop() {
    node.metrics().unwatchPublisher(this);
    return history.close().eventually(() -> broker.stop());
  }

  /**
   * Sessions from the cookie; no state change or socket from a foreign origin; and the headers of every answer: what
   * the page may load (its own files only: it has no inline script or style), and no cache keeps an answer unless the
   * static files say otherwise ({@link StaticFiles}).
   */
  private void secure(RoutingContext ctx) {
    ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
      .putHeader("Referrer-Policy", "same-origin").putHeader("Content-Security-Policy", CSP)
      .putHeader("Cache-Control", "no-store");
    String origin = ctx.request().getHeader("Origin");
    boolean guarded = !SAFE.contains(ctx.request().method()) || ctx.request().path().startsWith("/eventbus")
      || ctx.request().path().startsWith(STREAM);
    // authority() is the Host header in HTTP/1.x and the :authority pseudo-header in HTTP/2, which has no Host.
    HostAndPort authority = ctx.request().authority();
    if (guarded && origin != null && !allowed(origin, authority == null ? null : authority.toString())) {
      throw new Problems.Problem(403, "foreign-origin", "Forbidden", "requests from origin " + origin + " are not allowed");
    }
    Identity.resolve(ctx, node.auth().sessions(), node.readModel());
  }

  private boolean allowed(String origin, String host) {
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))
      || node.settings().http().allowedOrigins().contains(origin);
  }
}
