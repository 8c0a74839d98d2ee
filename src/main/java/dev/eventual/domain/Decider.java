package dev.eventual.domain;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides the one terminal event of a command against the current state. Pure: same inputs, same event. */
public final class Decider {
  private Decider() {
  }

  public static Event decide(State state, Command c, String now) {
    String malformed = CommandCheck.problem(c);
    if (malformed != null) {
      return reject(state, c, now, Rejection.INVALID, "malformed command: " + malformed);
    }
    if (CommandTypes.SIGN_UP.equals(c.type())) {
      String username = c.fields().getString("username");
      if (state.userByName(username).isPresent()) {
        return reject(state, c, now, Rejection.USERNAME_TAKEN, "username '" + username + "' is taken");
      }
      String userId = Ids.userId(c.commandId());
      return event(c, EventTypes.USER_SIGNED_UP, null, 0, List.of(userId), now,
        new JsonObject().put("userId", userId).put("username", username).put("credential", c.fields().getString("credential")));
    }
    if (CommandTypes.CREATE_LIST.equals(c.type())) {
      return event(c, EventTypes.LIST_CREATED, c.listId(), 1, List.of(c.actor()), now,
        new JsonObject().put("name", c.fields().getString("name")));
    }
    Optional<State.TodoList> found = state.list(c.listId());
    if (found.isEmpty() || !found.get().members().contains(c.actor())) {
      return reject(state, c, now, Rejection.NOT_FOUND, "list not found");
    }
    State.TodoList list = found.get();
    if (list.deleted()) {
      return reject(state, c, now, Rejection.NOT_FOUND, "list has been deleted");
    }
    if (c.expectedVersion() != null && c.expectedVersion() != list.version()) {
      return reject(state, c, now, Rejection.VERSION_CONFLICT,
        "list is at version " + list.version() + ", not " + c.expectedVersion());
    }
    long next = list.version() + 1;
    JsonObject f = c.fields();
    List<String> members = list.members();
    return switch (c.type()) {
      case CommandTypes.RENAME_LIST -> event(c, EventTypes.LIST_RENAMED, list.listId(), next, members, now,
        new JsonObject().put("name", f.getString("name")));
      case CommandTypes.DELETE_LIST -> !list.owner().equals(c.actor())
        ? reject(state, c, now, Rejection.FORBIDDEN, "only the owner can delete a list")
        : event(c, EventTypes.LIST_DELETED, list.listId(), next, members, now, new JsonObject());
      case CommandTypes.ADD_MEMBER -> addMember(state, c, list, now);
      case CommandTypes.REMOVE_MEMBER -> removeMember(state, c, list, now);
      case CommandTypes.ADD_TODO -> event(c, EventTypes.TODO_ADDED, list.listId(), next, members, now,
        new JsonObject().put("todoId", Ids.todoId(c.commandId())).put("text", f.getString("text")));
      case CommandTypes.UPDATE_TODO -> !list.todos().contains(f.getString("todoId"))
        ? reject(state, c, now, Rejection.NOT_FOUND, "todo not found")
        : event(c, EventTypes.TODO_UPDATED, list.listId(), next, members, now, todoChange(f));
      case CommandTypes.DELETE_TODO -> !list.todos().contains(f.getString("todoId"))
        ? reject(state, c, now, Rejection.NOT_FOUND, "todo not found")
        : event(c, EventTypes.TODO_DELETED, list.listId(), next, members, now, new JsonObject().put("todoId", f.getString("todoId")));
      default -> reject(state, c, now, Rejection.INVALID, "unknown command type " + c.type());
    };
  }

  private static JsonObject todoChange(JsonObject f) {
    JsonObject change = new JsonObject().put("todoId", f.getString("todoId"));
    if (f.getValue("text") != null) {
      change.put("text", f.getString("text"));
    }
    if (f.getValue("completed") != null) {
      change.put("completed", f.getBoolean("completed"));
    }
    return change;
  }

  private static Event addMember(State state, Command c, State.TodoList list, String now) {
    String username = c.fields().getString("username");
    Optional<State.User> user = state.userByName(username);
    if (user.isEmpty()) {
      return reject(state, c, now, Rejection.UNKNOWN_USER, "no user named '" + username + "'");
    }
    if (list.members().contains(user.get().userId())) {
      return reject(state, c, now, Rejection.ALREADY_MEMBER, username + " is already a member");
    }
    List<String> audience = new ArrayList<>(list.members());
    audience.add(user.get().userId());
    return event(c, EventTypes.MEMBER_ADDED, list.listId(), list.version() + 1, audience, now,
      new JsonObject().put("userId", user.get().userId()).put("username", username));
  }

  private static Event removeMember(State state, Command c, State.TodoList list, String now) {
    String userId = c.fields().getString("userId");
    if (!list.members().contains(userId)) {
      return reject(state, c, now, Rejection.NOT_FOUND, "not a member of this list");
    }
    if (list.owner().equals(userId)) {
      return reject(state, c, now, Rejection.INVALID, "the owner cannot leave a list; delete it instead");
    }
    if (!list.owner().equals(c.actor()) && !c.actor().equals(userId)) {
      return reject(state, c, now, Rejection.FORBIDDEN, "only the owner can remove other members");
    }
    return event(c, EventTypes.MEMBER_REMOVED, list.listId(), list.version() + 1, list.members(), now,
      new JsonObject().put("userId", userId).put("username", state.usernameOf(userId)));
  }

  public static Event reject(State state, Command c, String now, Rejection rejection, String reason) {
    long version = state.list(c.listId()).map(State.TodoList::version).orElse(0L);
    return event(c, EventTypes.COMMAND_REJECTED, c.listId(), version, authorOf(c), now,
      new JsonObject().put("commandType", c.type()).put("code", rejection.code()).put("reason", reason));
  }

  public static Event fail(State state, Command c, String now, String reason, int attempts) {
    long version = state.list(c.listId()).map(State.TodoList::version).orElse(0L);
    return event(c, EventTypes.COMMAND_FAILED, c.listId(), version, authorOf(c), now,
      new JsonObject().put("commandType", c.type()).put("code", "failed").put("reason", reason).put("attempts", attempts));
  }

  private static List<String> authorOf(Command c) {
    return c.actor() == null ? List.of() : List.of(c.actor());
  }

  private static Event event(Command c, String type, String listId, long version, List<String> audience, String now,
                             JsonObject payload) {
    return new Event(Ids.eventId(c.commandId()), type, listId, version, c.commandId(), c.actor(),
      List.copyOf(audience), now, payload, -1);
  }
}
