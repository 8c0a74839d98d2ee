package dev.eventual.readmodel;

import dev.eventual.domain.Facts;
import io.vertx.core.json.JsonObject;

/**
 * What became of a command; {@link #STARTED} while the saga it opened is under way. {@code fingerprint} is the
 * request's ({@code Command.fingerprint()}), 0 when the log did not say.
 */
public record Outcome(String commandId, String commandType, String actor, String listId, String status,
                      long version, String code, String reason, long cursor, long fingerprint) implements Facts.OutcomeFacts {
  public static final String STARTED = "started";

  /** Whether the command has ended: anything but a saga under way. */
  public boolean settled() {
    return !STARTED.equals(status);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("commandId", commandId).put("status", status).put("type", commandType)
      .put("listId", listId).put("version", version).put("cursor", cursor);
    if (reason != null) {
      json.put("code", code).put("reason", reason);
    }
    return json;
  }
}
