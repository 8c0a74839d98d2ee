package dev.eventual.domain;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides the one terminal event of a command against the facts it reads. Pure: same inputs, same event. */
public final class Decider {
  private Decider() {
  }

  public static Event decide(Facts facts, Command c, String now) {
    if (c.kind() == Kind.SIGN_UP) {
      Kind.SignUp s = (Kind.SignUp) c.body();
      if (facts.userByName(s.username()).isPresent()) {
        return reject(facts, c, now, Rejection.USERNAME_TAKEN, "username '" + s.username() + "' is taken");
      }
      String userId = Ids.userId(c.commandId());
      return event(c, null, 0, List.of(userId), now,
        new JsonObject().put("userId", userId).put("username", s.username()).put("credential", s.credential()));
    }
    if (c.kind() == Kind.CREATE_LIST) {
      return event(c, c.listId(), 1, List.of(c.actor()), now, new JsonObject().put("name", ((Kind.CreateList) c.body()).name()));
    }
    Optional<? extends Facts.ListFacts> found = facts.list(c.listId());
    if (found.isEmpty() || !found.get().members().contains(c.actor())) {
      return reject(facts, c, now, Rejection.NOT_FOUND, "list not found");
    }
    Facts.ListFacts list = found.get();
    if (list.deleted()) {
      return reject(facts, c, now, Rejection.NOT_FOUND, "list has been deleted");
    }
    // A todo command's expectedVersion is the todo's, a rename's covers the name alone (Conflicts); the other list
    // commands still expect the whole list's version.
    Long seen = c.expectedVersion();
    Event staleList = seen == null || seen == list.version() ? null : reject(facts, c, now, Rejection.VERSION_CONFLICT,
      "list is at version " + list.version() + ", not " + seen);
    long next = list.version() + 1;
    List<String> members = list.members();
    return switch (c.kind()) {
      case SIGN_UP, CREATE_LIST -> throw new IllegalStateException("decided above");
      case RENAME_LIST -> {
        String name = ((Kind.RenameList) c.body()).name();
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), List.of(Conflicts.name(list)), Map.of("name", name));
        yield !clash.isEmpty() ? conflict(facts, c, now, null, list.nameVersion(), seen, clash)
          : event(c, list.listId(), next, members, now, new JsonObject().put("name", name));
      }
      case DELETE_LIST -> staleList != null ? staleList : !list.owner().equals(c.actor())
        ? reject(facts, c, now, Rejection.FORBIDDEN, "only the owner can delete a list")
        : event(c, list.listId(), next, members, now, new JsonObject());
      case ADD_MEMBER -> staleList != null ? staleList : addMember(facts, c, list, now);
      case REMOVE_MEMBER -> staleList != null ? staleList : removeMember(facts, c, list, now);
      case ADD_TODO -> event(c, list.listId(), next, members, now,
        new JsonObject().put("todoId", Ids.todoId(c.commandId())).put("text", ((Kind.AddTodo) c.body()).text()));
      case UPDATE_TODO -> {
        Kind.UpdateTodo u = (Kind.UpdateTodo) c.body();
        Optional<? extends Facts.TodoFacts> todo = list.todo(u.todoId());
        if (todo.isEmpty()) {
          yield reject(facts, c, now, Rejection.NOT_FOUND, "todo not found");
        }
        JsonObject fields = c.kind().json(u);
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), Conflicts.of(todo.get()), fields.getMap());
        yield !clash.isEmpty() ? conflict(facts, c, now, u.todoId(), todo.get().version(), seen, clash)
          : event(c, list.listId(), next, members, now, fields);
      }
      case DELETE_TODO -> {
        String todoId = ((Kind.DeleteTodo) c.body()).todoId();
        Optional<? extends Facts.TodoFacts> todo = list.todo(todoId);
        if (todo.isEmpty()) {
          yield reject(facts, c, now, Rejection.NOT_FOUND, "todo not found");
        }
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), Conflicts.of(todo.get()), null);
        yield !clash.isEmpty() ? conflict(facts, c, now, todoId, todo.get().version(), seen, clash)
          : event(c, list.listId(), next, members, now, new JsonObject().put("todoId", todoId));
      }
    };
  }

  /** A version conflict, told in words and in parts: who changed which field to what, and the version now. */
  private static Event conflict(Facts facts, Command c, String now, String todoId, long version, long seen,
                                List<Conflicts.Change> changes) {
    return refusal(facts, Event.REJECTED, c.commandId(), c.kind().type(), c.actor(), c.listId(), now,
      new JsonObject().put("code", Rejection.VERSION_CONFLICT.code()).put("reason", Conflicts.reason(facts, seen, changes))
        .put("conflict", Conflicts.details(facts, todoId, version, changes)));
  }

  private static Event addMember(Facts facts, Command c, Facts.ListFacts list, String now) {
    String username = ((Kind.AddMember) c.body()).username();
    Optional<? extends Facts.UserFacts> user = facts.userByName(username);
    if (user.isEmpty()) {
      return reject(facts, c, now, Rejection.UNKNOWN_USER, "no user named '" + username + "'");
    }
    if (list.members().contains(user.get().userId())) {
      return reject(facts, c, now, Rejection.ALREADY_MEMBER, username + " is already a member");
    }
    List<String> audience = new ArrayList<>(list.members());
    audience.add(user.get().userId());
    return event(c, list.listId(), list.version() + 1, audience, now,
      new JsonObject().put("userId", user.get().userId()).put("username", username));
  }

  private static Event removeMember(Facts facts, Command c, Facts.ListFacts list, String now) {
    String userId = ((Kind.RemoveMember) c.body()).userId();
    if (!list.members().contains(userId)) {
      return reject(facts, c, now, Rejection.NOT_FOUND, "not a member of this list");
    }
    if (list.owner().equals(userId)) {
      return reject(facts, c, now, Rejection.INVALID, "the owner cannot leave a list; delete it instead");
    }
    if (!list.owner().equals(c.actor()) && !c.actor().equals(userId)) {
      return reject(facts, c, now, Rejection.FORBIDDEN, "only the owner can remove other members");
    }
    return event(c, list.listId(), list.version() + 1, list.members(), now,
      new JsonObject().put("userId", userId).put("username", facts.usernameOf(userId)));
  }

  public static Event reject(Facts facts, Command c, String now, Rejection rejection, String reason) {
    return refusal(facts, Event.REJECTED, c.commandId(), c.kind().type(), c.actor(), c.listId(), now,
      new JsonObject().put("code", rejection.code()).put("reason", reason));
  }

  /** A queue message that is no valid command still ends, as a rejection ({@code invalid}) to whoever sent it. */
  public static Event malformed(Facts facts, Command.Malformed m, String now) {
    return refusal(facts, Event.REJECTED, m.commandId, m.type, m.actor, m.listId, now,
      new JsonObject().put("code", Rejection.INVALID.code()).put("reason", "malformed command: " + m.getMessage()));
  }

  public static Event fail(Facts facts, Command c, String now, String reason, int attempts) {
    return refusal(facts, Event.FAILED, c.commandId(), c.kind().type(), c.actor(), c.listId(), now,
      new JsonObject().put("code", "failed").put("reason", reason).put("attempts", attempts));
  }

  private static Event refusal(Facts facts, String type, String commandId, String commandType, String actor,
                               String listId, String now, JsonObject details) {
    long version = facts.list(listId).map(Facts.ListFacts::version).orElse(0L);
    JsonObject payload = new JsonObject().put("commandType", commandType).mergeIn(details);
    return new Event(Ids.eventId(commandId), type, listId, version, commandId, actor,
      actor == null ? List.of() : List.of(actor), now, payload, -1);
  }

  private static Event event(Command c, String listId, long version, List<String> audience, String now,
                             JsonObject payload) {
    return new Event(Ids.eventId(c.commandId()), c.kind().eventType(), listId, version, c.commandId(), c.actor(),
      List.copyOf(audience), now, payload, -1);
  }
}
