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
  /** A new todo here: added, put back (restored) or moved in from another list ({@code movedFrom}, else null). */
  static Todo added(String todoId, String text, boolean completed, String movedFrom, Event event) {
    return new Todo(todoId, text, completed, event.actor(), event.at(), event.version(), event.actor(), event.version(),
      event.actor(), movedFrom);
  }

  /** The todo after an update that sets the fields it names, the others null (each field's version moves with it). */
  Todo updated(String newText, Boolean newCompleted, Event event) {
    boolean text = newText != null;
    boolean completed = newCompleted != null;
    return new Todo(todoId, text ? newText : this.text, completed ? newCompleted : this.completed, createdBy, event.at(),
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
