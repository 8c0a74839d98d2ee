package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.domain.Field;
import dev.eventual.readmodel.ReadModel;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A member's page says it is looking at a list ({@code PUT}) or has left it ({@code DELETE}); see PresenceVerticle.
 * {@code ?tab=} names the page's tab, so each tab of a user is a viewer of its own.
 */
final class PresenceApi {
  private static final java.util.regex.Pattern TAB = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final ReadModel readModel;
  private final BrokerConnection broker;
  private final String presenceExchange;

  PresenceApi(ReadModel readModel, BrokerConnection broker, String presenceExchange) {
    this.readModel = readModel;
    this.broker = broker;
    this.presenceExchange = presenceExchange;
  }

  void mount(Router router) {
    router.put("/api/lists/:listId/presence").handler(ctx -> beat(ctx, true));
    router.delete("/api/lists/:listId/presence").handler(ctx -> beat(ctx, false));
  }

  private void beat(RoutingContext ctx, boolean here) {
    Sessions.Session session = Http.session(ctx);
    String listId = Field.uuid(ctx.pathParam("listId"));
    if (listId == null || readModel.state().list(listId).filter(l -> l.isMember(session.userId())).isEmpty()) {
      throw Problems.notFound("no such list");
    }
    String tab = ctx.queryParams().get("tab");
    if (tab != null && !TAB.matcher(tab).matches()) {
      throw Problems.badRequest("bad_tab", "tab is 1 to 64 letters, digits or dashes");
    }
    JsonObject beat = new JsonObject().put("listId", listId).put("userId", session.userId()).put("here", here)
      .put("tab", tab == null ? "" : tab);
    broker.publish(presenceExchange, "", beat.toBuffer()).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().setStatusCode(204).end();
      } else {
        Problems.send(ctx, ar.cause());
      }
    });
  }
}
