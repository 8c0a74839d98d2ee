package dev.eventual.domain;

import dev.eventual.domain.RecordCodec.OrAbsent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.eventual.domain.Field.bool;
import static dev.eventual.domain.Field.id;
import static dev.eventual.domain.Field.secret;
import static dev.eventual.domain.Field.text;
import static dev.eventual.domain.Field.username;
import static dev.eventual.domain.Field.whole;

/**
 * Every command kind, one row each: its fields (a record below) and their limits, the event it becomes (a record
 * beside it, named as the event's type), the {@code action} pushed to the browser, its HTTP route, and what it
 * creates. The HTTP layer mounts and validates from this table, the processor checks with it, and the read model
 * and the decider switch over it, so the compiler asks for their case when a row is added. The browser's table is
 * {@code webroot/js/logic/kinds.js}.
 *
 * <p>A route is {@code METHOD /path}: {@code :listId} is the command's list, any other {@code :param} the field
 * of that name; the other fields come from the JSON body. Sign-up and the end of a session have no route of their
 * own ({@code web.AuthApi} sends them): a password becomes a credential first; a session to end is the caller's own.
 */
public enum Kind {
  SIGN_UP(SignUp.class, UserSignedUp.class, "user-signup", null, Creates.USER, false,
    username("username"), secret("credential")),
  END_SESSION(EndSession.class, SessionEnded.class, "session-end", null, Creates.NOTHING, false,
    id("sessionId"), whole("expiresAt")),
  CREATE_LIST(CreateList.class, ListCreated.class, "list-create", "POST /api/lists", Creates.LIST, false,
    text("name", 200)),
  RENAME_LIST(RenameList.class, ListRenamed.class, "list-rename", "PATCH /api/lists/:listId", Creates.NOTHING, true,
    text("name", 200)),
  DELETE_LIST(DeleteList.class, ListDeleted.class, "list-delete", "DELETE /api/lists/:listId", Creates.NOTHING, true),
  // By consent (README, "Invitations"); ADD_MEMBER has no route any more, and stays for the logs that hold it.
  ADD_MEMBER(AddMember.class, MemberAdded.class, "member-add", null, Creates.MEMBER, true, username("username")),
  INVITE_MEMBER(InviteMember.class, MemberInvited.class, "member-invite", "POST /api/lists/:listId/invitations",
    Creates.NOTHING, false, username("username")),
  ACCEPT_INVITATION(AcceptInvitation.class, InvitationAccepted.class, "invitation-accept",
    "POST /api/lists/:listId/invitation/accept", Creates.NOTHING, false),
  DECLINE_INVITATION(DeclineInvitation.class, InvitationDeclined.class, "invitation-decline",
    "POST /api/lists/:listId/invitation/decline", Creates.NOTHING, false),
  REMOVE_MEMBER(RemoveMember.class, MemberRemoved.class, "member-remove", "DELETE /api/lists/:listId/members/:userId",
    Creates.NOTHING, true, id("userId")),
  ADD_TODO(AddTodo.class, TodoAdded.class, "todo-create", "POST /api/lists/:listId/todos", Creates.TODO, false,
    text("text", 500)),
  UPDATE_TODO(UpdateTodo.class, TodoUpdated.class, "todo-update", "PATCH /api/lists/:listId/todos/:todoId",
    Creates.NOTHING, true, id("todoId"), text("text", 500).orAbsent(), bool("completed").orAbsent()),
  DELETE_TODO(DeleteTodo.class, TodoDeleted.class, "todo-delete", "DELETE /api/lists/:listId/todos/:todoId",
    Creates.NOTHING, true, id("todoId")),
  // Puts a todo back as it was (the page's "Undo" of a delete): its id, text and completion; refused while it is there.
  RESTORE_TODO(RestoreTodo.class, TodoRestored.class, "todo-restore", "POST /api/lists/:listId/todos/restore",
    Creates.NOTHING, false, id("todoId"), text("text", 500), bool("completed")),
  // A move is a saga across two partitions (README, "Sagas"): the user sends its first step, the server the others.
  MOVE_TODO(MoveTodo.class, TodoMoveStarted.class, "todo-move", "POST /api/lists/:listId/todos/:todoId/move",
    Creates.NOTHING, true, Saga.OPENS, id("todoId"), id("toListId")),
  ACCEPT_MOVE(AcceptMove.class, TodoMovedIn.class, "todo-move-in", null, Creates.NOTHING, false, Saga.STEP,
    id("sagaId"), id("fromListId"), id("todoId"), text("text", 500), bool("completed")),
  FINISH_MOVE(FinishMove.class, TodoMovedOut.class, "todo-move-out", null, Creates.NOTHING, false, Saga.ENDS,
    id("sagaId"), id("todoId"), id("toListId")),
  UNDO_MOVE(UndoMove.class, TodoMoveUndone.class, "todo-move-undo", null, Creates.NOTHING, false, Saga.UNDOES,
    id("sagaId"), id("todoId"), text("code", 40), text("reason", 500));

  /** A command's own fields, typed. */
  public interface Body { }
  /** The fields of a command that is about no list: its commands are decided in order by this key instead. */
  public interface Keyed extends Body {
    String partitionKey();
  }

  /** The event of a saga's last step: it also ends the command that opened the saga, whose type it names. */
  public interface SagaEnd extends Event.Payload {
    String sagaId();
    String sagaType();
  }

  /** Names that look alike are decided by one writer, so of two twins signing up at once only the first gets in. */
  public record SignUp(String username, String credential) implements Keyed {
    @Override
    public String partitionKey() {
      return "user:" + Visible.look(username);
    }
  }
  public record UserSignedUp(String userId, String username, String credential) implements Event.Payload {}

  /** Ends a session everywhere: every node refuses it once folded, until {@code expiresAt} (epoch seconds) ends it anyway. */
  public record EndSession(String sessionId, Long expiresAt) implements Keyed {
    @Override
    public String partitionKey() {
      return "session:" + sessionId;
    }
  }
  public record SessionEnded(String sessionId, long expiresAt) implements Event.Payload {}
  public record CreateList(String name) implements Body {}
  public record ListCreated(String name) implements Event.Payload {}
  public record RenameList(String name) implements Body {}
  public record ListRenamed(String name) implements Event.Payload {}
  public record DeleteList() implements Body {}
  public record ListDeleted() implements Event.Payload {}
  public record AddMember(String username) implements Body {}
  public record MemberAdded(String userId, String username) implements Event.Payload {}

  public record InviteMember(String username) implements Body {}
  /** {@code name} is the list's, for the invitee, who cannot read the list before accepting. */
  public record MemberInvited(String userId, String username, String name) implements Event.Payload {}
  public record AcceptInvitation() implements Body {}
  public record InvitationAccepted(String userId, String username) implements Event.Payload {}
  public record DeclineInvitation() implements Body {}
  public record InvitationDeclined(String userId, String username) implements Event.Payload {}

  public record RemoveMember(String userId) implements Body {}
  public record MemberRemoved(String userId, String username) implements Event.Payload {}
  public record AddTodo(String text) implements Body {}
  public record TodoAdded(String todoId, String text) implements Event.Payload {}

  public record UpdateTodo(String todoId, @OrAbsent String text, @OrAbsent Boolean completed) implements Body {
    public UpdateTodo {
      if (text == null && completed == null) {
        throw new Field.Invalid("missing-field", "send 'text', 'completed' or both");
      }
    }
  }
  /** Sets the fields it names; the others stay as they were. */
  public record TodoUpdated(String todoId, @OrAbsent String text, @OrAbsent Boolean completed) implements Event.Payload {}
  public record DeleteTodo(String todoId) implements Body {}
  public record TodoDeleted(String todoId) implements Event.Payload {}
  public record RestoreTodo(String todoId, String text, Boolean completed) implements Body {}
  public record TodoRestored(String todoId, String text, boolean completed) implements Event.Payload {}

  /** Step 1, decided by the source list's partition: the todo is marked as moving; the saga's id is the command's. */
  public record MoveTodo(String todoId, String toListId) implements Body {}
  public record TodoMoveStarted(String sagaId, int step, String todoId, String toListId, String text, boolean completed)
    implements Event.Payload {}

  /** Step 2, decided by the target list's partition: the todo as it was, added there, or refused with the reason. */
  public record AcceptMove(String sagaId, String fromListId, String todoId, String text, Boolean completed) implements Body {}

  /** The todo as it was, under a new id ({@code todoId}) in the target; {@code fromTodoId} its id in the source. */
  public record TodoMovedIn(String sagaId, int step, String todoId, String text, boolean completed, String fromListId,
                            String fromTodoId) implements Event.FromList {}

  /** Step 3 after an acceptance: the todo leaves the source list. */
  public record FinishMove(String sagaId, String todoId, String toListId) implements Body {}
  public record TodoMovedOut(String sagaId, String todoId, String toListId, int step, String sagaType, String toTodoId)
    implements SagaEnd {}

  /** Step 3 after a refusal (the compensation): the todo stays as it was, and the move ends refused for this reason. */
  public record UndoMove(String sagaId, String todoId, String code, String reason) implements Body {}
  public record TodoMoveUndone(String sagaId, String todoId, String code, String reason, int step, String sagaType)
    implements SagaEnd {}

  /**
   * A kind's place in a saga: none; the command that opens one (its event is the first step, and the command ends
   * only with the last); a step the server sends on the saga's behalf; or the last step, whose event also ends the
   * saga's command — done, or undone (a compensation: the command is then refused with the step's code and reason).
   */
  public enum Saga {
    NONE(0), OPENS(1), STEP(2), ENDS(3), UNDOES(3);
    private final int step;

    Saga(int step) {
      this.step = step;
    }

    /** Which step of the saga its event is: 1, 2, 3; 0 for no saga. */
    public int step() {
      return step;
    }

    public boolean ends() {
      return this == ENDS || this == UNDOES;
    }
  }

  private final Class<? extends Body> body;
  /** The body's simple name, kept: Class.getSimpleName() rebuilds reflection data whenever GC cleared it. */
  private final String type;
  private final Class<? extends Event.Payload> event;
  private final String eventType;
  private final String action;
  private final String route;
  private final Creates creates;
  private final boolean versioned;
  private final Saga saga;
  private final List<Field> fields;

  Kind(Class<? extends Body> body, Class<? extends Event.Payload> event, String action, String route, Creates creates,
       boolean versioned, Field... fields) {
    this(body, event, action, route, creates, versioned, Saga.NONE, fields);
  }

  Kind(Class<? extends Body> body, Class<? extends Event.Payload> event, String action, String route, Creates creates,
       boolean versioned, Saga saga, Field... fields) {
    this.saga = saga;
    this.body = body;
    this.type = body.getSimpleName();
    this.event = event;
    this.eventType = event.getSimpleName();
    this.action = action;
    this.route = route;
    this.creates = creates;
    this.versioned = versioned;
    this.fields = List.of(fields);
    RecordCodec<?> codec = RecordCodec.of(body.asSubclass(Record.class));
    for (int i = 0; i < Math.max(fields.length, codec.size()); i++) {
      if (i >= fields.length || i >= codec.size() || !fields[i].name().equals(codec.name(i)) || fields[i].optional() != codec.orAbsent(i)) {
        throw new IllegalStateException(name() + ": the fields " + this.fields + " are not those of " + type + ", @OrAbsent where optional");
      }
    }
  }

  /** The command type on the queue and in rejections: the record's name ({@code AddTodo}). */
  public String type() {
    return type;
  }

  /** The event type in the log: its record's name ({@code TodoAdded}). */
  public String eventType() {
    return eventType;
  }

  public Class<? extends Event.Payload> event() {
    return event;
  }

  public String action() {
    return action;
  }

  /** {@code METHOD /path}, or null for a kind no route sends. */
  public String route() {
    return route;
  }

  public Creates creates() {
    return creates;
  }

  /** Whether its commands are about no list, and keyed by their own fields ({@link Keyed}). */
  public boolean keyed() {
    return Keyed.class.isAssignableFrom(body);
  }

  /** Whether the command may carry {@code expectedVersion}. */
  public boolean versioned() {
    return versioned;
  }

  public Saga saga() {
    return saga;
  }

  public List<Field> fields() {
    return fields;
  }

  public Field field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException(type() + " has no field " + name));
  }

  /** Reads the fields by name, each under its rule: the typed body, or {@link Field.Invalid}. */
  public Body body(Map<String, ?> values) {
    Object[] args = new Object[fields.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = fields.get(i).read(values.get(fields.get(i).name()));
    }
    return (Body) RecordCodec.of(body.asSubclass(Record.class)).make(args);
  }

  /** The body's fields, absent ones left out: what the queue and the HTTP layer write as JSON. */
  public Map<String, Object> map(Body value) {
    return RecordCodec.toMap((Record) value);
  }

  private static final Map<String, Kind> BY_TYPE = new HashMap<>();
  private static final Map<String, Kind> BY_EVENT = new HashMap<>();

  static {
    for (Kind k : values()) {
      BY_TYPE.put(k.type(), k);
      BY_EVENT.put(k.eventType, k);
    }
  }

  /** The kind with this command type, or null. */
  public static Kind ofType(String type) {
    return type == null ? null : BY_TYPE.get(type);
  }

  /** The kind whose success is this event type, or null (a rejection, a failure, a fence). */
  public static Kind ofEvent(String eventType) {
    return eventType == null ? null : BY_EVENT.get(eventType);
  }
}
