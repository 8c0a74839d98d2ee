package dev.eventual.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids the server assigns are derived from the commandId, so a retried command (same Idempotency-Key)
 * gets the same ids on any node, and the 202 it answers is identical.
 */
public final class Ids {
  private Ids() {
  }

  public static String listId(String commandId) {
    return derive("list", commandId);
  }

  public static String todoId(String commandId) {
    return derive("todo", commandId);
  }

  public static String userId(String commandId) {
    return derive("user", commandId);
  }

  /** The command that ends a session: one per session, so ending it twice has one effect. */
  public static String sessionEndId(String sessionId) {
    return derive("end", sessionId);
  }

  /** The command id of a saga's step: the same for every sending of it, so a step sent twice has one effect. */
  public static String step(String sagaId, String step) {
    return derive("step:" + step, sagaId);
  }

  public static String eventId(String commandId) {
    return commandId == null ? UUID.randomUUID().toString() : derive("event", commandId);
  }

  private static String derive(String kind, String commandId) {
    return UUID.nameUUIDFromBytes((kind + ":" + commandId).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
