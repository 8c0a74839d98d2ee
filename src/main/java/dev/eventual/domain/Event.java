package dev.eventual.domain;

import dev.eventual.domain.RecordCodec.OrAbsent;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the event log, as stored in the stream; {@code cursor} is its stream offset (-1 before it has one).
 * A decision carries the {@code partition} that decided it and the {@code fence} its decider took that partition
 * with: the fold applies it only while that fence is the partition's latest (-1 and null: not a decision, or one
 * from before fences were written). The {@code payload} is a record of its type: a kind's event ({@link Kind}), a
 * refusal, a fence, or — for a type this node does not know — what it said, {@link Unknown}. A decision carries its
 * command's {@link Command#fingerprint()} (0: none, as in entries written before it was kept), so that every node knows
 * which request an Idempotency-Key was used for.
 */
public record Event(String eventId, String type, String listId, long version, String commandId, String actor,
                    List<String> audience, String at, Payload payload, long cursor, int partition, String fence,
                    long fingerprint) {

  public Event(String eventId, String type, String listId, long version, String commandId, String actor,
               List<String> audience, String at, Payload payload, long cursor, int partition, String fence) {
    this(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, partition, fence, 0);
  }

  public Event(String eventId, String type, String listId, long version, String commandId, String actor,
               List<String> audience, String at, Payload payload, long cursor) {
    this(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, -1, null);
  }

  /** What an event says, typed: one record per type of event. */
  public interface Payload {
    /** A refusal's code (a rejection, a failure, a saga's undone step); null for anything else. */
    default String code() {
      return null;
    }

    default String reason() {
      return null;
    }
  }

  /**
   * A payload that names another list than its event's (where a todo came from): that list's id and its todo's,
   * {@code fromListId} and {@code fromTodoId}, are for that list's members only, not for everyone the event reaches.
   */
  public interface FromList extends Payload {
    String fromListId();
  }

  /** A refusal of a command: by the rules (a rejection) or after every attempt failed. */
  public interface Refusal extends Payload {
    /** The type of the command refused; null for a queue message that named none. */
    String commandType();
  }

  /** A command refused by the rules; a version conflict says what collided, step 2 of a saga which saga it refuses. */
  public record CommandRejected(String commandType, String code, String reason, @OrAbsent Conflict conflict,
                                @OrAbsent String sagaId, @OrAbsent Integer step) implements Refusal {
    public CommandRejected(String commandType, String code, String reason) {
      this(commandType, code, reason, null, null, null);
    }
  }

  /** What a version conflict collided with: the record's version now, and each field changed since by someone else. */
  public record Conflict(long version, List<Change> changes, @OrAbsent String todoId) {
    public record Change(String field, Object value, long version, String by, String byName) {
    }
  }

  public record CommandFailed(String commandType, String code, String reason, int attempts) implements Refusal {
  }

  /** A partition's epoch when it names one ({@code partition}, {@code node}); else a node's marker to read back. */
  public record Fence(String fenceId, @OrAbsent Integer partition, @OrAbsent String node) implements Payload {
  }

  /** The payload of a type this node does not know (a newer node wrote it): kept and pushed on as it was read. */
  public record Unknown(Map<String, Object> fields) implements Payload {
    @Override
    public String code() {
      return fields.get("code") instanceof String s ? s : null;
    }

    @Override
    public String reason() {
      return fields.get("reason") instanceof String s ? s : null;
    }
  }

  /** This decision, as taken by the decider of {@code partition} under {@code fence}. */
  public Event fenced(int partitionNumber, String fenceId) {
    return new Event(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, partitionNumber, fenceId,
      fingerprint);
  }

  /** This decision, for the request whose {@link Command#fingerprint()} is {@code value}. */
  public Event fingerprinted(long value) {
    return new Event(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, partition, fence, value);
  }

  /** A marker a decider appends to take a partition: once folded, it is the partition's fence (its epoch). */
  public static Event fence(String fenceId, int partition, String node, String at) {
    return new Event(java.util.UUID.randomUUID().toString(), FENCE, null, 0, null, null, List.of(), at,
      new Fence(fenceId, partition, node), -1);
  }

  /** A command refused by the rules: payload {@link CommandRejected}. */
  public static final String REJECTED = "CommandRejected";
  /** A command whose processing failed every attempt: payload {@link CommandFailed}. */
  public static final String FAILED = "CommandFailed";
  /** A marker a node appends and waits to read back: everything before it has then been folded. */
  public static final String FENCE = "Fence";

  private static final Map<String, String> CANONICAL = new HashMap<>();
  private static final Map<String, RecordCodec<?>> PAYLOADS = new HashMap<>();

  static {
    for (Kind k : Kind.values()) {
      CANONICAL.put(k.eventType(), k.eventType());
      PAYLOADS.put(k.eventType(), RecordCodec.of(k.event().asSubclass(Record.class)));
    }
    PAYLOADS.put(REJECTED, RecordCodec.of(CommandRejected.class));
    PAYLOADS.put(FAILED, RecordCodec.of(CommandFailed.class));
    PAYLOADS.put(FENCE, RecordCodec.of(Fence.class));
    for (String t : List.of(REJECTED, FAILED, FENCE)) {
      CANONICAL.put(t, t);
    }
  }

  /** The constant spelled like {@code type} (so a lookup by it finds a cached hash), or {@code type} itself. */
  public static String canonicalType(String type) {
    return type == null ? null : CANONICAL.getOrDefault(type, type);
  }

  /** The codec of the payload of {@code type} (it makes a {@link Payload}), or null for a type this node does not know. */
  public static RecordCodec<?> payloadCodec(String type) {
    return type == null ? null : PAYLOADS.get(type);
  }

  /** The payload of {@code type} from the plain values a reader made of it (String, Number, Boolean, Map, List). */
  public static Payload payload(String type, Map<String, Object> values) {
    RecordCodec<?> codec = payloadCodec(type);
    return codec == null ? new Unknown(values) : (Payload) codec.fromMap(values);
  }

  /** The payload as plain maps and lists, in the order the log has it: what the edge writes as JSON. */
  public Map<String, Object> payloadMap() {
    return payload instanceof Unknown u ? new LinkedHashMap<>(u.fields()) : RecordCodec.toMap((Record) payload);
  }

  /** The whole entry as plain maps and lists, in the order the log has always had it. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>(16);
    map.put("eventId", eventId);
    map.put("type", type);
    map.put("listId", listId);
    map.put("version", version);
    map.put("commandId", commandId);
    map.put("actor", actor);
    map.put("audience", audience);
    map.put("at", at);
    map.put("payload", payloadMap());
    if (fence != null) {
      map.put("partition", partition);
      map.put("fence", fence);
    }
    if (fingerprint != 0) {
      map.put("fingerprint", Long.toHexString(fingerprint));
    }
    return map;
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
    return payload instanceof Kind.SagaEnd end ? end.sagaId() : null;
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
    return k != null ? k : Kind.ofType(named());
  }

  /** The command type it ends: its kind's, or the type a refusal names. */
  public String commandType() {
    Kind k = Kind.ofEvent(type);
    return k != null ? k.type() : payload instanceof Refusal r ? r.commandType()
      : payload instanceof Unknown u && u.fields().containsKey("commandType") ? named() : type;
  }

  /** The {@code action} of the frontend message: its kind's, or the type itself for one this node does not know. */
  public String action() {
    Kind k = kind();
    return k != null ? k.action() : payload instanceof Refusal r ? r.commandType() : type;
  }

  /** The command type a refusal, or a payload this node does not know, names. */
  private String named() {
    return payload instanceof Refusal r ? r.commandType()
      : payload instanceof Unknown u && u.fields().get("commandType") instanceof String s ? s : null;
  }
}
