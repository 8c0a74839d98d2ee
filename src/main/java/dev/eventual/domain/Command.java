package dev.eventual.domain;

import io.vertx.core.json.JsonObject;

/**
 * A command as it travels through the queue. {@code actor} is set by the HTTP layer from the session,
 * never from the request body; {@code fields} holds the type's own fields.
 */
public record Command(String commandId, String type, String actor, String listId, JsonObject fields,
                      Long expectedVersion) {

  /** Commands with the same key are decided by one writer, in order: a list's, or a username's for sign-up. */
  public String partitionKey() {
    return CommandTypes.SIGN_UP.equals(type) ? "user:" + fields.getString("username") : listId;
  }

  public static int partition(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  public JsonObject toJson() {
    return new JsonObject().put("commandId", commandId).put("type", type).put("actor", actor)
      .put("listId", listId).put("fields", fields).put("expectedVersion", expectedVersion);
  }

  public static Command fromJson(JsonObject json) {
    return new Command(json.getString("commandId"), json.getString("type"), json.getString("actor"),
      json.getString("listId"), json.getJsonObject("fields", new JsonObject()), json.getLong("expectedVersion"));
  }
}
