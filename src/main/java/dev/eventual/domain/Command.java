package dev.eventual.domain;

import io.vertx.core.json.JsonObject;

/**
 * A command as it travels through the queue: {@code {commandId, type, actor, listId, fields, expectedVersion}}.
 * {@code actor} is set by the HTTP layer from the session, never from the request body.
 */
public record Command(String commandId, Kind kind, String actor, String listId, Long expectedVersion, Kind.Body body) {

  /** Commands with the same key are decided by one writer, in order: a list's, or what a {@link Kind.Keyed} names. */
  public String partitionKey() {
    return body instanceof Kind.Keyed k ? k.partitionKey() : listId;
  }

  public static int partition(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  public JsonObject toJson() {
    return new JsonObject().put("commandId", commandId).put("type", kind.type()).put("actor", actor)
      .put("listId", listId).put("fields", kind.json(body)).put("expectedVersion", expectedVersion);
  }

  /**
   * The command a queue message holds, checked field by field against its kind's rules. Anything can sit in a
   * queue: what is not a command of a known kind with valid fields is {@link Malformed}, still naming what it can.
   */
  public static Command fromJson(JsonObject json) {
    String commandId = json.getValue("commandId") instanceof String s ? s : null;
    String type = json.getValue("type") instanceof String s ? s : null;
    String actor = json.getValue("actor") instanceof String s ? s : null;
    String listId = json.getValue("listId") instanceof String s ? s : null;
    Kind kind = Kind.ofType(type);
    String problem = commandId == null ? "no commandId" : kind == null ? "unknown command type " + type
      : actor == null ? "no actor" : listId == null && !kind.keyed() ? "no listId" : null;
    if (problem != null) {
      throw new Malformed(commandId, type, actor, listId, problem);
    }
    Object expected = json.getValue("expectedVersion");
    if (expected != null && !(kind.versioned() && (expected instanceof Integer || expected instanceof Long))) {
      throw new Malformed(commandId, type, actor, listId, "expectedVersion must be a whole number");
    }
    Object fields = json.getValue("fields");
    try {
      Kind.Body body = kind.body(fields instanceof JsonObject f ? f.getMap() : java.util.Map.of());
      return new Command(commandId, kind, actor, listId, expected == null ? null : ((Number) expected).longValue(), body);
    } catch (Field.Invalid e) {
      throw new Malformed(commandId, type, actor, listId, e.getMessage());
    }
  }

  /** A queue message that is not a valid command: what it says of itself, and why it is refused. */
  public static final class Malformed extends RuntimeException {
    public final String commandId;
    public final String type;
    public final String actor;
    public final String listId;

    Malformed(String commandId, String type, String actor, String listId, String problem) {
      super(problem, null, false, false);
      this.commandId = commandId;
      this.type = type;
      this.actor = actor;
      this.listId = listId;
    }
  }
}
