package dev.eventual.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides the one terminal event of a command against the facts it reads. Pure: same inputs, same event. */
public final class Decider {
  private static final String ACCEPT = "accept";
  private static final String FINISH = "finish";

  private Decider() {
  }

  public static Event decide(Facts facts, Command c, String now) {
    return decide(facts, Limits.NONE, c, now);
  }

  /** As the rules decide, unless what they allow would pass one of {@code limits}: then a {@link Rejection#LIMIT}. */
  public static Event decide(Facts facts, Limits limits, Command c, String now) {
    Event decided = byTheRules(facts, c, now);
    Limits.Growth growth = decided.payload() instanceof Event.Refusal ? null : switch (c.kind()) {
      case CREATE_LIST -> Limits.Growth.list(c.actor());
      case ADD_MEMBER -> Limits.Growth.member(((Kind.AddMember) c.body()).username());
      // By consent: refused when inviting, and again when accepting, whatever came in between.
      case INVITE_MEMBER -> Limits.Growth.member(((Kind.InviteMember) c.body()).username());
      case ACCEPT_INVITATION -> Limits.Growth.member(facts.usernameOf(c.actor()));
      case ADD_TODO -> Limits.Growth.todo(((Kind.AddTodo) c.body()).text());
      case RESTORE_TODO -> Limits.Growth.todo(((Kind.RestoreTodo) c.body()).text());
      case ACCEPT_MOVE -> Limits.Growth.todo(((Kind.AcceptMove) c.body()).text());
      case UPDATE_TODO -> Limits.Growth.edit(((Kind.UpdateTodo) c.body()).todoId(), ((Kind.UpdateTodo) c.body()).text());
      default -> null;
    };
    Optional<String> over = growth == null ? Optional.empty() : limits.refusal(facts, facts.list(c.listId()).orElse(null), growth);
    String sagaId = c.kind().saga() == Kind.Saga.STEP ? (String) c.kind().map(c.body()).get("sagaId") : null;
    return over.isEmpty() ? decided : Refusals.of(facts, c.commandId(), c.actor(), c.listId(), now, new Event.CommandRejected(
      c.kind().type(), Rejection.LIMIT.code(), over.get(), null, sagaId, sagaId == null ? null : c.kind().saga().step()));
  }

  private static Event byTheRules(Facts facts, Command c, String now) {
    if (c.kind() == Kind.SIGN_UP) {
      Kind.SignUp s = (Kind.SignUp) c.body();
      if (facts.userByName(s.username()).isPresent()) {
        return reject(facts, c, now, Rejection.USERNAME_TAKEN, "username '" + s.username() + "' is taken");
      }
      Optional<String> twin = facts.userLookingLike(s.username()).map(Facts.UserFacts::username);
      if (twin.isPresent()) {
        return reject(facts, c, now, Rejection.USERNAME_TAKEN, "username '" + s.username() + "' looks like '" + twin.get()
          + "', which is taken");
      }
      String userId = Ids.userId(c.commandId());
      return event(c, null, 0, List.of(userId), now, new Kind.UserSignedUp(userId, s.username(), s.credential()));
    }
    if (c.kind() == Kind.END_SESSION) {
      Kind.EndSession e = (Kind.EndSession) c.body();
      return event(c, null, 0, List.of(), now, new Kind.SessionEnded(e.sessionId(), e.expiresAt()));
    }
    if (c.kind() == Kind.CREATE_LIST) {
      return event(c, c.listId(), 1, List.of(c.actor()), now, new Kind.ListCreated(((Kind.CreateList) c.body()).name()));
    }
    Event step = switch (c.kind()) { // the server's own steps of a saga, each on its own terms
      case ACCEPT_MOVE -> acceptMove(facts, c, now);
      case FINISH_MOVE -> {
        Kind.FinishMove f = (Kind.FinishMove) c.body();
        yield endMove(facts, c, now, f.todoId(), new Kind.TodoMovedOut(f.sagaId(), f.todoId(), f.toListId(),
          c.kind().saga().step(), Kind.MOVE_TODO.type(), Ids.todoId(Ids.step(f.sagaId(), ACCEPT))));
      }
      case UNDO_MOVE -> {
        Kind.UndoMove u = (Kind.UndoMove) c.body();
        yield endMove(facts, c, now, u.todoId(), new Kind.TodoMoveUndone(u.sagaId(), u.todoId(), u.code(), u.reason(),
          c.kind().saga().step(), Kind.MOVE_TODO.type()));
      }
      case ACCEPT_INVITATION, DECLINE_INVITATION -> { // by the invitee, who is no member yet
        Event refused = Invitations.answerRefusal(facts, c, now);
        if (refused != null) {
          yield refused;
        }
        Facts.ListFacts list = facts.list(c.listId()).orElseThrow();
        List<String> audience = Invitations.audience(list, c.actor());
        String name = facts.usernameOf(c.actor());
        yield c.kind() == Kind.ACCEPT_INVITATION
          ? event(c, list.listId(), list.version() + 1, audience, now, new Kind.InvitationAccepted(c.actor(), name))
          : event(c, list.listId(), list.version() + 1, audience, now, new Kind.InvitationDeclined(c.actor(), name));
      }
      default -> null;
    };
    if (step != null) {
      return step;
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
      case SIGN_UP, END_SESSION, CREATE_LIST, ACCEPT_MOVE, FINISH_MOVE, UNDO_MOVE, ACCEPT_INVITATION, DECLINE_INVITATION ->
        throw new IllegalStateException("decided above");
      case RENAME_LIST -> {
        String name = ((Kind.RenameList) c.body()).name();
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), List.of(Conflicts.name(list)), Map.of("name", name));
        yield !clash.isEmpty() ? conflict(facts, c, now, null, list.nameVersion(), seen, clash)
          : event(c, list.listId(), next, members, now, new Kind.ListRenamed(name));
      }
      case DELETE_LIST -> staleList != null ? staleList : !list.owner().equals(c.actor())
        ? reject(facts, c, now, Rejection.FORBIDDEN, "only the owner can delete a list")
        : event(c, list.listId(), next, members, now, new Kind.ListDeleted());
      case ADD_MEMBER -> staleList != null ? staleList : addMember(facts, c, list, now);
      case INVITE_MEMBER -> {
        String username = ((Kind.InviteMember) c.body()).username();
        Event refused = Invitations.refusal(facts, c, list, username, now);
        String userId = refused != null ? null : facts.userByName(username).orElseThrow().userId();
        yield refused != null ? refused : event(c, list.listId(), next, Invitations.audience(list, userId), now,
          new Kind.MemberInvited(userId, username, list.name()));
      }
      case REMOVE_MEMBER -> staleList != null ? staleList : removeMember(facts, c, list, now);
      case ADD_TODO -> event(c, list.listId(), next, members, now,
        new Kind.TodoAdded(Ids.todoId(c.commandId()), ((Kind.AddTodo) c.body()).text()));
      case UPDATE_TODO -> {
        Kind.UpdateTodo u = (Kind.UpdateTodo) c.body();
        Optional<? extends Facts.TodoFacts> todo = list.todo(u.todoId());
        if (todo.isEmpty()) {
          yield reject(facts, c, now, Rejection.NOT_FOUND, "todo not found");
        }
        if (list.move(u.todoId()).isPresent()) {
          yield moving(facts, c, now, todo.get());
        }
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), Conflicts.of(todo.get()), c.kind().map(u));
        yield !clash.isEmpty() ? conflict(facts, c, now, u.todoId(), todo.get().version(), seen, clash)
          : event(c, list.listId(), next, members, now, new Kind.TodoUpdated(u.todoId(), u.text(), u.completed()));
      }
      case DELETE_TODO -> {
        String todoId = ((Kind.DeleteTodo) c.body()).todoId();
        Optional<? extends Facts.TodoFacts> todo = list.todo(todoId);
        if (todo.isEmpty()) {
          yield reject(facts, c, now, Rejection.NOT_FOUND, "todo not found");
        }
        if (list.move(todoId).isPresent()) {
          yield moving(facts, c, now, todo.get());
        }
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), Conflicts.of(todo.get()), null);
        yield !clash.isEmpty() ? conflict(facts, c, now, todoId, todo.get().version(), seen, clash)
          : event(c, list.listId(), next, members, now, new Kind.TodoDeleted(todoId));
      }
      case RESTORE_TODO -> {
        Kind.RestoreTodo r = (Kind.RestoreTodo) c.body();
        yield list.todo(r.todoId()).isPresent() ? reject(facts, c, now, Rejection.EXISTS, "that todo is in the list already")
          : event(c, list.listId(), next, members, now, new Kind.TodoRestored(r.todoId(), r.text(), r.completed()));
      }
      case MOVE_TODO -> {
        Kind.MoveTodo m = (Kind.MoveTodo) c.body();
        Optional<? extends Facts.TodoFacts> todo = list.todo(m.todoId());
        if (todo.isEmpty()) {
          yield reject(facts, c, now, Rejection.NOT_FOUND, "todo not found");
        }
        if (list.move(m.todoId()).isPresent()) {
          yield moving(facts, c, now, todo.get());
        }
        if (m.toListId().equals(list.listId())) {
          yield reject(facts, c, now, Rejection.INVALID, "the todo is in that list already");
        }
        List<Conflicts.Change> clash = Conflicts.after(seen, c.actor(), Conflicts.of(todo.get()), null);
        yield !clash.isEmpty() ? conflict(facts, c, now, m.todoId(), todo.get().version(), seen, clash)
          : event(c, list.listId(), next, members, now, new Kind.TodoMoveStarted(c.commandId(), c.kind().saga().step(),
            m.todoId(), m.toListId(), todo.get().text(), todo.get().completed()));
      }
    };
  }

  private static Event moving(Facts facts, Command c, String now, Facts.TodoFacts todo) {
    return reject(facts, c, now, Rejection.MOVING, "'" + todo.text() + "' is being moved to another list");
  }

  /** Step 2, on the target's terms alone: the mover is a member of it and it still exists. */
  private static Event acceptMove(Facts facts, Command c, String now) {
    Kind.AcceptMove a = (Kind.AcceptMove) c.body();
    Optional<? extends Facts.ListFacts> target = facts.list(c.listId());
    // A list the mover does not belong to is not named: membership does not leak, as elsewhere.
    String refused = target.isEmpty() || !target.get().members().contains(c.actor()) ? "you are not a member of that list"
      : target.get().deleted() ? "'" + target.get().name() + "' has been deleted" : null;
    int step = c.kind().saga().step();
    if (refused != null) {
      return Refusals.of(facts, c.commandId(), c.actor(), c.listId(), now,
        new Event.CommandRejected(c.kind().type(), Rejection.NOT_FOUND.code(), refused, null, a.sagaId(), step));
    }
    Facts.ListFacts list = target.get();
    return event(c, list.listId(), list.version() + 1, list.members(), now, new Kind.TodoMovedIn(a.sagaId(), step,
      Ids.todoId(c.commandId()), a.text(), a.completed(), a.fromListId(), a.todoId()));
  }

  /** Step 3 ends the saga whatever became of the source list meanwhile (deleted, the mover gone from it). */
  private static Event endMove(Facts facts, Command c, String now, String todoId, Kind.SagaEnd payload) {
    Optional<? extends Facts.ListFacts> source = facts.list(c.listId());
    if (source.flatMap(l -> l.move(todoId)).filter(m -> m.sagaId().equals(payload.sagaId())).isEmpty()) {
      return reject(facts, c, now, Rejection.INVALID, "no such move under way");
    }
    Facts.ListFacts list = source.get();
    List<String> audience = new ArrayList<>(list.members());
    if (!audience.contains(c.actor())) {
      audience.add(c.actor());
    }
    return event(c, list.listId(), list.version() + 1, audience, now, payload);
  }

  /**
   * The step a saga sends once {@code c}'s outcome is folded: step 2 after the first; after the second, step 3 —
   * done or undone, by the second's outcome. Nothing for any other command, nor once the saga is over. A step's
   * command id derives from the saga's, so sending it again has no second effect.
   */
  public static Optional<Command> next(Facts facts, Command c) {
    return switch (c.kind()) {
      case MOVE_TODO -> {
        String sagaId = c.commandId();
        yield underWay(facts, c.listId(), ((Kind.MoveTodo) c.body()).todoId(), sagaId).map(m -> new Command(
          Ids.step(sagaId, ACCEPT), Kind.ACCEPT_MOVE, m.actor(), m.toListId(), null,
          new Kind.AcceptMove(sagaId, c.listId(), m.todoId(), m.text(), m.completed())));
      }
      case ACCEPT_MOVE -> {
        Kind.AcceptMove a = (Kind.AcceptMove) c.body();
        Optional<? extends Facts.OutcomeFacts> accepted = facts.outcome(c.commandId());
        if (accepted.isEmpty() || underWay(facts, a.fromListId(), a.todoId(), a.sagaId()).isEmpty()) {
          yield Optional.empty();
        }
        String id = Ids.step(a.sagaId(), FINISH);
        Facts.OutcomeFacts o = accepted.get();
        yield Optional.of("succeeded".equals(o.status())
          ? new Command(id, Kind.FINISH_MOVE, c.actor(), a.fromListId(), null, new Kind.FinishMove(a.sagaId(), a.todoId(), c.listId()))
          : new Command(id, Kind.UNDO_MOVE, c.actor(), a.fromListId(), null, new Kind.UndoMove(a.sagaId(), a.todoId(),
            o.code(), "rejected".equals(o.status()) ? o.reason() : "that list could not take it just now; try again")));
      }
      default -> Optional.empty();
    };
  }

  private static Optional<? extends Facts.MoveFacts> underWay(Facts facts, String listId, String todoId, String sagaId) {
    return facts.list(listId).flatMap(l -> l.move(todoId)).filter(m -> m.sagaId().equals(sagaId));
  }

  /** A version conflict, told in words and in parts: who changed which field to what, and the version now. */
  private static Event conflict(Facts facts, Command c, String now, String todoId, long version, long seen,
                                List<Conflicts.Change> changes) {
    return Refusals.of(facts, c.commandId(), c.actor(), c.listId(), now,
      new Event.CommandRejected(c.kind().type(), Rejection.VERSION_CONFLICT.code(), Conflicts.reason(facts, seen, changes),
        Conflicts.details(facts, todoId, version, changes), null, null));
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
    return event(c, list.listId(), list.version() + 1, audience, now, new Kind.MemberAdded(user.get().userId(), username));
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
    return event(c, list.listId(), list.version() + 1, list.members(), now, new Kind.MemberRemoved(userId, facts.usernameOf(userId)));
  }

  public static Event reject(Facts facts, Command c, String now, Rejection rejection, String reason) {
    return Refusals.of(facts, c.commandId(), c.actor(), c.listId(), now,
      new Event.CommandRejected(c.kind().type(), rejection.code(), reason));
  }

  private static Event event(Command c, String listId, long version, List<String> audience, String now,
                             Event.Payload payload) {
    if (payload.getClass() != c.kind().event()) {
      throw new IllegalStateException(c.kind() + " decided a " + payload.getClass().getSimpleName());
    }
    return new Event(Ids.eventId(c.commandId()), c.kind().eventType(), listId, version, c.commandId(), c.actor(),
      List.copyOf(audience), now, payload, -1);
  }
}
