package dev.eventual.readmodel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON a query answers with: a list's summary, and its whole view with the todos. */
public final class ListView {
  private ListView() {
  }

  public static JsonObject summary(State state, TodoList list) {
    JsonArray members = new JsonArray();
    for (String member : list.members()) {
      members.add(new JsonObject().put("userId", member).put("username", state.usernameOf(member)));
    }
    return new JsonObject().put("listId", list.listId()).put("name", list.name()).put("version", list.version())
      .put("owner", list.owner()).put("members", members);
  }

  public static JsonObject of(State state, TodoList list) {
    JsonArray todos = new JsonArray();
    list.todos().values().forEach(todo -> {
      Move move = list.moves().get(todo.todoId());
      todos.add(move == null ? todo.toJson() : todo.toJson().put("moving", move.toJson()));
    });
    return summary(state, list).put("todos", todos);
  }
}
