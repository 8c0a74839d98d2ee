package dev.eventual.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** One entry of the event log, as stored in the stream; {@code cursor} is its stream offset (-1 before it has one). */
public record Event(String eventId, String type, String listId, long version, String commandId, String actor,
                    List<String> audience, String at, JsonObject payload, long cursor) {

  public JsonObject toJson() {
    return new JsonObject()
      .put("eventId", eventId).put("type", type).put("listId", listId).put("version", version)
      .put("commandId", commandId).put("actor", actor).put("audience", new JsonArray(List.copyOf(audience)))
      .put("at", at).put("payload", payload);
  }

  public boolean isTerminal() {
    return commandId != null && !EventTypes.FENCE.equals(type);
  }

  public String status() {
    return switch (type) {
      case EventTypes.COMMAND_REJECTED -> "rejected";
      case EventTypes.COMMAND_FAILED -> "failed";
      default -> "succeeded";
    };
  }
}
