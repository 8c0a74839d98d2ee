package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.domain.Field;
import dev.eventual.readmodel.ReadModel;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** A member's page says it is looking at a list ({@code PUT}) or has left it ({@code DELETE}); see PresenceVerticle. */
final class PresenceApi {
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
    JsonObject beat = new JsonObject().put("listId", listId).put("userId", session.userId()).put("here", here);
    broker.publish(presenceExchange, "", beat.toBuffer()).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().setStatusCode(204).end();
      } else {
        Problems.send(ctx, ar.cause());
      }
    });
  }
}
