package dev.eventual.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One entry of the event log, as stored in the stream; {@code cursor} is its stream offset (-1 before it has one). */
public record Event(String eventId, String type, String listId, long version, String commandId, String actor,
                    List<String> audience, String at, JsonObject payload, long cursor) {

  /** A command refused by the rules: payload {@code {commandType, code, reason}}. */
  public static final String REJECTED = "CommandRejected";
  /** A command whose processing failed every attempt: payload {@code {commandType, code, reason, attempts}}. */
  public static final String FAILED = "CommandFailed";
  /** A marker a node appends and waits to read back: everything before it has then been folded. */
  public static final String FENCE = "Fence";

  private static final Map<String, String> CANONICAL = new HashMap<>();

  static {
    for (Kind k : Kind.values()) {
      CANONICAL.put(k.eventType(), k.eventType());
    }
    for (String t : List.of(REJECTED, FAILED, FENCE)) {
      CANONICAL.put(t, t);
    }
  }

  /** The constant spelled like {@code type} (so a lookup by it finds a cached hash), or {@code type} itself. */
  public static String canonicalType(String type) {
    return type == null ? null : CANONICAL.getOrDefault(type, type);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("eventId", eventId).put("type", type).put("listId", listId).put("version", version)
      .put("commandId", commandId).put("actor", actor).put("audience", new JsonArray(List.copyOf(audience)))
      .put("at", at).put("payload", payload);
  }

  public boolean isTerminal() {
    return commandId != null && !FENCE.equals(type);
  }

  public String status() {
    return switch (type) {
      case REJECTED -> "rejected";
      case FAILED -> "failed";
      default -> "succeeded";
    };
  }

  /** The kind of command this event ends, or null when it names none this node knows. */
  public Kind kind() {
    Kind k = Kind.ofEvent(type);
    return k != null ? k : Kind.ofType(payload.getString("commandType"));
  }

  /** The command type it ends: its kind's, or the type a rejection names. */
  public String commandType() {
    Kind k = Kind.ofEvent(type);
    return k != null ? k.type() : payload.getString("commandType", type);
  }

  /** The {@code action} of the frontend message: its kind's, or the type itself for one this node does not know. */
  public String action() {
    Kind k = kind();
    return k != null ? k.action() : REJECTED.equals(type) || FAILED.equals(type) ? payload.getString("commandType") : type;
  }
}
