package dev.eventual.socket;

import dev.eventual.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** Publishes each folded event's frontend message once to {@code user.<id>} for every user in its audience. */
public class SocketRouterVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.FOLDED, m -> {
      JsonObject message = m.body().getJsonObject("message");
      for (Object userId : m.body().getJsonArray("audience")) {
        vertx.eventBus().publish(Addresses.user(String.valueOf(userId)), message);
      }
    }).completion();
  }
}
