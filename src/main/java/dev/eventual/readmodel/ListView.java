package dev.eventual.readmodel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON a query answers with: a list's summary, and its whole view with the todos. A todo moved in from another
 * list names that list ({@code movedFrom}) only to the viewer who is a member of it: to anyone else it is a private
 * list's id, and a member of this list need not be one of that.
 */
public final class ListView {
  private ListView() {
  }

  public static JsonObject summary(State state, TodoList list) {
    JsonArray members = new JsonArray();
    for (String member : list.members()) {
      members.add(new JsonObject().put("userId", member).put("username", state.usernameOf(member)));
    }
    JsonObject summary = new JsonObject().put("listId", list.listId()).put("name", list.name()).put("version", list.version())
      .put("owner", list.owner()).put("members", members);
    if (!list.consent().pending().isEmpty()) { // who is invited and has not answered yet
      JsonArray invited = new JsonArray();
      list.consent().pending().keySet().stream().sorted()
        .forEach(u -> invited.add(new JsonObject().put("userId", u).put("username", state.usernameOf(u))));
      summary.put("invited", invited);
    }
    return summary;
  }

  /** The whole view, every todo's source named (the log's own view of it: snapshots and tests compare it). */
  public static JsonObject of(State state, TodoList list) {
    return of(state, list, null);
  }

  /** The whole view as {@code viewer} may see it; null for no viewer, every source named. */
  public static JsonObject of(State state, TodoList list, String viewer) {
    JsonArray todos = new JsonArray();
    list.todos().values().forEach(todo -> {
      Move move = list.moves().get(todo.todoId());
      JsonObject json = todo(state, todo, viewer);
      todos.add(move == null ? json : json.put("moving", move.toJson()));
    });
    return summary(state, list).put("todos", todos);
  }

  /** Whether some todo of the list was moved in, so that its view depends on who looks. */
  public static boolean dependsOnViewer(TodoList list) {
    return list.todos().values().stream().anyMatch(todo -> todo.movedFrom() != null);
  }

  /** A todo as {@code viewer} may see it (null: as it is). */
  public static JsonObject todo(State state, Todo todo, String viewer) {
    JsonObject json = todo.toJson();
    if (viewer != null && todo.movedFrom() != null && !mayKnow(state, todo.movedFrom(), viewer)) {
      json.remove("movedFrom");
    }
    return json;
  }

  /** Whether {@code userId} may know of list {@code listId}: it is one of its members (also once it is deleted). */
  static boolean mayKnow(State state, String listId, String userId) {
    return state.list(listId).map(l -> l.members().contains(userId)).orElse(false);
  }
}
