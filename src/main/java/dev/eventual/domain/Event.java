package dev.eventual.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the event log, as stored in the stream; {@code cursor} is its stream offset (-1 before it has one).
 * A decision carries the {@code partition} that decided it and the {@code fence} its decider took that partition
 * with: the fold applies it only while that fence is the partition's latest (-1 and null: not a decision, or one
 * from before fences were written).
 */
public record Event(String eventId, String type, String listId, long version, String commandId, String actor,
                    List<String> audience, String at, JsonObject payload, long cursor, int partition, String fence) {

  public Event(String eventId, String type, String listId, long version, String commandId, String actor,
               List<String> audience, String at, JsonObject payload, long cursor) {
    this(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, -1, null);
  }

  /** This decision, as taken by the decider of {@code partition} under {@code fence}. */
  public Event fenced(int partitionNumber, String fenceId) {
    return new Event(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, partitionNumber, fenceId);
  }

  /** A marker a decider appends to take a partition: once folded, it is the partition's fence (its epoch). */
  public static Event fence(String fenceId, int partition, String node, String at) {
    return new Event(java.util.UUID.randomUUID().toString(), FENCE, null, 0, null, null, List.of(), at,
      new JsonObject().put("fenceId", fenceId).put("partition", partition).put("node", node), -1);
  }

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
    JsonObject json = new JsonObject()
      .put("eventId", eventId).put("type", type).put("listId", listId).put("version", version)
      .put("commandId", commandId).put("actor", actor).put("audience", new JsonArray(List.copyOf(audience)))
      .put("at", at).put("payload", payload);
    if (fence != null) {
      json.put("partition", partition).put("fence", fence);
    }
    return json;
  }

  /** Whether it decides a command (every event with a commandId but a fence): it gives that command an outcome. */
  public boolean isDecision() {
    return commandId != null && !FENCE.equals(type);
  }

  /** Whether it ends its command: every decision does, but the first step of a saga, whose command ends with its last. */
  public boolean isTerminal() {
    Kind k = Kind.ofEvent(type);
    return isDecision() && (k == null || k.saga() != Kind.Saga.OPENS);
  }

  /** The saga whose command this event ends (its last step, done or undone), or null. */
  public String endsSaga() {
    Kind k = Kind.ofEvent(type);
    return k != null && k.saga().ends() ? payload.getString("sagaId") : null;
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
