package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import dev.eventual.domain.Facts;
import io.vertx.core.json.JsonObject;

/**
 * A todo, and for each of its fields the version of the event that last set it and who sent that: the decider
 * tells a change to another field (which merges) from a change to the same one (a conflict).
 */
public record Todo(String todoId, String text, boolean completed, String createdBy, String updatedAt,
                   long textVersion, String textBy, long completedVersion, String completedBy, String movedFrom)
  implements Facts.TodoFacts {
  static Todo added(String todoId, String text, Event event) {
    return new Todo(todoId, text, false, event.actor(), event.at(), event.version(), event.actor(), event.version(),
      event.actor(), null);
  }

  /** A todo moved here from another list: its text and completion, and the list it came from. */
  static Todo movedIn(JsonObject p, Event event) {
    return new Todo(p.getString("todoId"), p.getString("text"), p.getBoolean("completed"), event.actor(), event.at(),
      event.version(), event.actor(), event.version(), event.actor(), p.getString("fromListId"));
  }

  /** The todo after an update that sets the fields the payload names (each field's version moves with it). */
  Todo updated(JsonObject p, Event event) {
    boolean text = p.containsKey("text");
    boolean completed = p.containsKey("completed");
    return new Todo(todoId, text ? p.getString("text") : this.text,
      completed ? p.getBoolean("completed") : this.completed, createdBy, event.at(),
      text ? event.version() : textVersion, text ? event.actor() : textBy,
      completed ? event.version() : completedVersion, completed ? event.actor() : completedBy, movedFrom);
  }

  @Override
  public long version() {
    return Math.max(textVersion, completedVersion);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("todoId", todoId).put("text", text).put("completed", completed)
      .put("createdBy", createdBy).put("updatedAt", updatedAt).put("version", version());
    return movedFrom == null ? json : json.put("movedFrom", movedFrom);
  }
}
