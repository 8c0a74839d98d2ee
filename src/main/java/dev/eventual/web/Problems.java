package dev.eventual.web;

import dev.eventual.broker.BrokerUnavailable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error answer: {@code application/problem+json} with {@code type, title, status, detail}. */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** A request error with a stable code; {@link #send} maps it, so handlers can just fail with it. */
  public static final class Problem extends RuntimeException {
    final int status;
    final String code;
    final String title;
    final JsonObject extra = new JsonObject();

    public Problem(int status, String code, String title, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.code = code;
      this.title = title;
    }

    public Problem with(String key, Object value) {
      extra.put(key, value);
      return this;
    }
  }

  public static Problem badRequest(String code, String detail) {
    return new Problem(400, code, "Bad request", detail);
  }

  /** A field that breaks its rule: a 400; a text that is well-formed but shows nothing is a 422. */
  public static Problem invalid(dev.eventual.domain.Field.Invalid e) {
    return e.code().equals(dev.eventual.domain.Field.INVISIBLE) ? new Problem(422, e.code(), "Invisible text", e.getMessage())
      : badRequest(e.code(), e.getMessage());
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Not signed in", detail);
  }

  public static Problem unavailable(String detail, int retryAfterSeconds) {
    return new Problem(503, "unavailable", "Service unavailable", detail).with("retryAfter", retryAfterSeconds);
  }

  public static void send(RoutingContext ctx, Throwable failure) {
    if (gone(failure)) {
      // The client closed the connection (an aborted XHR, a body cut short): routine, and there is no one to answer.
      LOG.debug("{} {}: the client went away ({})", ctx.request().method(), ctx.request().path(), failure.toString());
      return;
    }
    Problem p = classify(failure);
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = new JsonObject().put("type", "/problems/" + p.code).put("title", p.title)
      .put("status", p.status).put("detail", p.getMessage()).mergeIn(p.extra);
    if (p.extra.containsKey("retryAfter")) {
      ctx.response().putHeader("Retry-After", String.valueOf(p.extra.getValue("retryAfter")));
    }
    ctx.response().setStatusCode(p.status).putHeader("Content-Type", "application/problem+json").end(body.encode());
  }

  public static void send(RoutingContext ctx, int status) {
    send(ctx, statusProblem(status));
  }

  private static boolean gone(Throwable failure) {
    return failure instanceof io.vertx.core.http.HttpClosedException || failure instanceof java.nio.channels.ClosedChannelException
      || failure instanceof java.net.SocketException || failure instanceof java.io.IOException && String.valueOf(failure.getMessage())
      .contains("Connection reset");
  }

  /** The problem a failure is answered with: its status and its words, for a page that shows them. */
  static Problem classify(Throwable failure) {
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof BrokerUnavailable
      || failure instanceof io.vertx.circuitbreaker.OpenCircuitException
      || failure instanceof io.vertx.circuitbreaker.TimeoutException) {
      return unavailable("the command could not be handed to RabbitMQ (" + failure.getMessage() + "); retry with the same Idempotency-Key", 2);
    }
    LOG.error("unexpected failure", failure);
    return new Problem(500, "internal", "Internal server error", "an unexpected error occurred; nothing was enqueued");
  }

  static Problem statusProblem(int status) {
    return switch (status) {
      case 400 -> badRequest("bad-request", "the request could not be read");
      case 401 -> unauthorized("sign in first");
      case 403 -> new Problem(403, "forbidden", "Forbidden", "not allowed");
      case 404 -> notFound("no such resource");
      case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", "this resource does not support that method");
      case 413 -> new Problem(413, "body-too-large", "Payload too large", "the request body is larger than the server accepts");
      case 415 -> new Problem(415, "unsupported-media-type", "Unsupported media type", "send application/json");
      default -> new Problem(status >= 400 && status < 600 ? status : 500, "error", "Error", "the request failed");
    };
  }
}
