package dev.eventual.support;

import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A todo added and waited for, a move sent, and what a list and the event log then say: what the saga tests read. */
public final class Moves {
  private Moves() {
  }

  public static String todo(Api api, User user, String listId, String text) {
    Response r = api.command(user, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", text).encode(),
      "Prefer", "wait=20");
    assertThat(r.status()).as("add " + text + ": " + r).isEqualTo(201);
    return r.json().getString("todoId");
  }

  public static Response move(Api api, User user, String key, String from, String todoId, String to, String... headers) {
    return api.commandWithKey(user, key, "POST", "/api/lists/" + from + "/todos/" + todoId + "/move",
      new JsonObject().put("toListId", to).encode(), headers);
  }

  public static JsonObject todoIn(Api api, User user, String listId, String todoId) {
    for (Object t : api.get(user, "/api/lists/" + listId).json().getJsonArray("todos")) {
      if (((JsonObject) t).getString("todoId").equals(todoId)) {
        return (JsonObject) t;
      }
    }
    return null;
  }

  public static List<JsonObject> todos(Api api, User user, String listId) {
    List<JsonObject> todos = new ArrayList<>();
    api.get(user, "/api/lists/" + listId).json().getJsonArray("todos").forEach(t -> todos.add((JsonObject) t));
    return todos;
  }

  /** The user's events of one saga, as {@code GET /api/events} has them: each step's action, "rejected" for a refusal. */
  public static List<String> steps(Api api, User user, String sagaId) {
    List<String> steps = new ArrayList<>();
    JsonArray events = api.get(user, "/api/events?after=-1").json().getJsonArray("events");
    for (Object o : events) {
      JsonObject e = (JsonObject) o;
      if (sagaId.equals(e.getString("commandId")) || sagaId.equals(e.getJsonObject("payload").getString("sagaId"))) {
        steps.add(e.getString("status").equals("succeeded") ? e.getString("action") : e.getString("action") + " rejected");
      }
    }
    return steps;
  }

  /** Every message a socket gets until one with {@code lastAction} (inclusive), in order. */
  public static List<String> actionsUntil(Socket socket, String lastAction) throws InterruptedException {
    List<String> actions = new ArrayList<>();
    for (JsonObject m; (m = socket.nextMessage(20)) != null; ) {
      actions.add(m.getString("action"));
      if (m.getString("action").equals(lastAction)) {
        break;
      }
    }
    return actions;
  }
}
