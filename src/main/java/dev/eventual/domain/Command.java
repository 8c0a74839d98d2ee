package dev.eventual.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command as it travels through the queue: {@code {commandId, type, actor, listId, fields, expectedVersion}}.
 * {@code actor} is set by the HTTP layer from the session, never from the request body.
 */
public record Command(String commandId, Kind kind, String actor, String listId, Long expectedVersion, Kind.Body body) {

  /** Commands with the same key are decided by one writer, in order: a list's, or what a {@link Kind.Keyed} names. */
  public String partitionKey() {
    return body instanceof Kind.Keyed k ? k.partitionKey() : listId;
  }

  /**
   * What the request asked for, as a number: its type, list, expectedVersion and fields (secrets left out: a password
   * is hashed anew on every try). Kept with the command's outcome, so that its Idempotency-Key used again for another
   * request is told apart from a retry. Never 0, which stands for "not known" (an outcome from before fingerprints).
   */
  public long fingerprint() {
    StringBuilder text = new StringBuilder(kind.type()).append('\0').append(listId).append('\0').append(expectedVersion);
    Map<String, Object> values = kind.map(body);
    for (Field f : kind.fields()) {
      if (f.type() != Field.Type.SECRET) {
        text.append('\0').append(f.name()).append('=').append(values.get(f.name()));
      }
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      long value = java.nio.ByteBuffer.wrap(digest).getLong();
      return value == 0 ? 1 : value;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int partition(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  /** The queue message, as plain maps: the edge writes it as JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>(12);
    map.put("commandId", commandId);
    map.put("type", kind.type());
    map.put("actor", actor);
    map.put("listId", listId);
    map.put("fields", kind.map(body));
    map.put("expectedVersion", expectedVersion);
    return map;
  }

  /**
   * The command a queue message holds (as the plain maps a JSON reader makes), checked field by field against its
   * kind's rules. Anything can sit in a queue: what is not a command of a known kind with valid fields is
   * {@link Malformed}, still naming what it can.
   */
  public static Command fromMap(Map<String, ?> json) {
    String commandId = json.get("commandId") instanceof String s ? s : null;
    String type = json.get("type") instanceof String s ? s : null;
    String actor = json.get("actor") instanceof String s ? s : null;
    String listId = json.get("listId") instanceof String s ? s : null;
    Kind kind = Kind.ofType(type);
    String problem = commandId == null ? "no commandId" : kind == null ? "unknown command type " + type
      : actor == null ? "no actor" : listId == null && !kind.keyed() ? "no listId" : null;
    if (problem != null) {
      throw new Malformed(commandId, type, actor, listId, problem);
    }
    Object expected = json.get("expectedVersion");
    if (expected != null && !(kind.versioned() && (expected instanceof Integer || expected instanceof Long))) {
      throw new Malformed(commandId, type, actor, listId, "expectedVersion must be a whole number");
    }
    Object fields = json.get("fields");
    try {
      @SuppressWarnings("unchecked")
      Kind.Body body = kind.body(fields instanceof Map<?, ?> f ? (Map<String, ?>) f : Map.of());
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
