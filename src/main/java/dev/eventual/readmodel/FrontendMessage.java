package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import io.vertx.core.json.JsonObject;

/** The one builder of the frontend message pushed to {@code user.<id>} and returned by the catch-up query. */
public final class FrontendMessage {
  private FrontendMessage() {
  }

  public static JsonObject of(Event event, State state) {
    JsonObject payload = new JsonObject(event.payloadMap());
    payload.remove("credential");
    return new JsonObject()
      .put("action", event.action())
      .put("type", event.type())
      .put("payload", payload)
      .put("commandId", event.commandId())
      .put("status", event.status())
      .put("listId", event.listId())
      .put("version", event.version())
      .put("cursor", event.cursor())
      .put("at", event.at())
      .put("actor", event.actor())
      .put("actorName", state.usernameOf(event.actor()));
  }
}
