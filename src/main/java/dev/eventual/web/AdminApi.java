package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.config.Chaos;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Live chaos for the demo: mounted only when chaos.enabled=true, usable only by the users whose ids the operator put
 * in {@code admins}: an id is the operator's to hand out, a name is whoever's signs up with it first.
 */
final class AdminApi {
  private final Chaos chaos;
  private final List<String> admins;

  AdminApi(Chaos chaos, List<String> admins) {
    this.chaos = chaos;
    this.admins = admins;
  }

  void mount(Router router) {
    router.get("/api/config").handler(this::config);
    if (chaos.enabled()) {
      router.post("/api/admin/chaos").handler(this::changeChaos);
    }
  }

  private void config(RoutingContext ctx) {
    Sessions.Session session = ctx.get(Http.SESSION);
    Http.json(ctx, 200, new JsonObject().put("chaos", chaos.toJson())
      .put("canChangeChaos", session != null && isAdmin(session)));
  }

  private void changeChaos(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    if (!isAdmin(session)) {
      throw new Problems.Problem(403, "forbidden", "Forbidden", "only an admin may change chaos");
    }
    Input in = Input.of(ctx.body().buffer(), "http500Rate", "delayMinMs", "delayMaxMs", "failureRate");
    JsonObject now = chaos.toJson();
    double http500 = in.optionalRate("http500Rate", now.getDouble("http500Rate"));
    double failure = in.optionalRate("failureRate", now.getDouble("failureRate"));
    long min = in.optionalMillis("delayMinMs", now.getInteger("delayMinMs"));
    long max = in.optionalMillis("delayMaxMs", Math.max(min, now.getInteger("delayMaxMs")));
    if (max < min) {
      throw Problems.badRequest("invalid-field", "'delayMaxMs' must be >= 'delayMinMs'");
    }
    chaos.update(http500, (int) min, (int) max, failure);
    Http.json(ctx, 200, chaos.toJson());
  }

  private boolean isAdmin(Sessions.Session session) {
    return admins.contains(session.userId());
  }
}
