package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import dev.eventual.domain.Facts;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.storage.At;
import dev.eventual.readmodel.storage.OutcomeIndex;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fold of the event log: {@link #apply(Event)} is the one function that read model, write model and
 * routing share. One thread applies; any thread may read, because every value it hands out is immutable.
 */
public final class State implements Facts {
  private final State base;
  private final ListTable lists;
  private final Users users;
  private volatile OutcomeIndex outcomes = new OutcomeIndex();
  private final EndedSessions endedSessions;
  private final InvitedIndex invited;
  private volatile long cursor = -1;
  /** The eventId of the event at {@link #cursor}: a snapshot records it, to know the log it was taken of. */
  private volatile String cursorEventId;
  private volatile long eventCount;
  /** Each partition's fence: the fenceId of the last Fence folded for it, which its decisions must carry. */
  private final Map<Integer, String> fences = new ConcurrentHashMap<>();
  private volatile long staleDecisions;

  public State() {
    this(null);
  }

  private State(State base) {
    this.base = base;
    this.lists = new ListTable(base == null ? null : base.lists);
    this.users = new Users(base == null ? null : base.users);
    this.endedSessions = new EndedSessions(base == null ? null : base.endedSessions);
    this.invited = new InvitedIndex(base == null ? null : base.invited);
  }

  /**
   * An overlay for deciding ahead: it reads through to this state and keeps what is applied to it to itself, so a
   * processor can decide several commands of a partition before the first of them has come back from the stream.
   */
  public State fork() {
    return new State(this);
  }

  @Override
  public Optional<TodoList> list(String listId) {
    return Optional.ofNullable(lists.find(listId));
  }

  public Optional<User> user(String userId) {
    return users.byId(userId);
  }

  @Override
  public Optional<User> userByName(String username) {
    return users.byName(username);
  }

  @Override
  public Optional<User> userLookingLike(String username) {
    return users.byLook(username);
  }

  @Override
  public int invitationsPending(String userId) {
    return invited.of(userId).size();
  }

  public java.util.Set<String> invitationsOf(String userId) {
    return invited.of(userId);
  }

  /** Whether the session was ended (logged out); forgotten only once it has expired anyway. */
  public boolean sessionEnded(String sessionId) {
    return endedSessions.contains(sessionId);
  }

  /** How many sessions were ever ended here: whoever holds sessions looks again when it changes. */
  public long sessionsEnded() {
    return endedSessions.count();
  }

  public Optional<Outcome> outcome(String commandId) {
    if (commandId == null) {
      return Optional.empty();
    }
    for (State s = this; s != null; s = s.base) {
      Outcome o = s.outcomes.get(commandId);
      if (o != null) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /**
   * For a replay: outcomes folded from now on are not found by {@link #outcome} until {@link #indexOutcomes()}, which
   * indexes them all in one pass. Nothing may read outcomes in between (a node starts its processors and HTTP only
   * once it has caught up).
   */
  public void deferOutcomeIndex() {
    outcomes.defer();
  }

  public void indexOutcomes() {
    outcomes.indexDeferred();
  }

  public long cursor() {
    return cursor;
  }

  public String cursorEventId() {
    return cursorEventId;
  }

  public long eventCount() {
    return eventCount;
  }

  /** The fence of {@code partition}: the fenceId its current decider took it with, or null before any. */
  public String fence(int partition) {
    String own = fences.get(partition);
    return own != null || base == null ? own : base.fence(partition);
  }

  /** Every partition's fence now. */
  public Map<Integer, String> fences() {
    return Map.copyOf(fences);
  }

  /** Decisions folded under a fence that was no longer their partition's, and so ignored. */
  public long staleDecisions() {
    return staleDecisions;
  }

  /** The lists a user belongs to; on the root state only (a fork does not list its base). */
  public List<TodoList> listsOf(String userId) {
    return lists.of(userId);
  }

  @Override
  public int listCount(String userId) {
    return lists.count(userId);
  }

  @Override
  public String usernameOf(String userId) {
    return user(userId).map(User::username).orElse(null);
  }

  /**
   * Folds one event; false when it is a decision taken under a fence that is no longer its partition's (its decider
   * had lost the partition, to a crash it did not notice or a pause): then it changes nothing but the cursor, and
   * its command is decided again by the partition's new decider. A fork (a decider's own overlay) does not judge
   * fences: its decisions are its own, and the root judges them when they come back from the log.
   */
  public boolean apply(Event event) {
    eventCount++;
    if (event.cursor() >= 0) {
      cursor = event.cursor();
      cursorEventId = event.eventId();
    }
    Event.Payload p = event.payload();
    if (p instanceof Event.Fence fence) {
      if (fence.partition() != null) {
        fences.put(fence.partition(), fence.fenceId());
      }
      return true;
    }
    if (base == null && event.fence() != null && !event.fence().equals(fences.get(event.partition()))) {
      staleDecisions++;
      return false;
    }
    ListTable.Slot slot = lists.own(event.listId());
    TodoList list = slot != null ? slot.list : lists.find(event.listId());
    Kind kind = Kind.ofEvent(event.type());
    TodoList next = kind == null ? null : switch (kind) { // CommandRejected, CommandFailed and Fence change no list.
      case SIGN_UP -> {
        Kind.UserSignedUp e = (Kind.UserSignedUp) p;
        users.add(new User(e.userId(), e.username(), e.credential()));
        yield null;
      }
      case END_SESSION -> {
        Kind.SessionEnded e = (Kind.SessionEnded) p;
        endedSessions.end(e.sessionId(), e.expiresAt(), event.at());
        yield null;
      }
      case CREATE_LIST -> TodoList.created(event.listId(), ((Kind.ListCreated) p).name(), event);
      case RENAME_LIST -> list.renamed(((Kind.ListRenamed) p).name(), event);
      case DELETE_LIST -> invited.deleted(list, event);
      case ADD_MEMBER -> list.withMember(event.version(), ((Kind.MemberAdded) p).userId(), true);
      case INVITE_MEMBER -> invited.invited(list, event, ((Kind.MemberInvited) p).userId());
      case ACCEPT_INVITATION -> invited.answered(list, event, ((Kind.InvitationAccepted) p).userId(), true);
      case DECLINE_INVITATION -> invited.answered(list, event, ((Kind.InvitationDeclined) p).userId(), false);
      case REMOVE_MEMBER -> { // leaving a list is saying no to it, as declining is; being removed is not
        String userId = ((Kind.MemberRemoved) p).userId();
        TodoList without = list.withMember(event.version(), userId, false);
        yield userId.equals(event.actor()) ? without.answered(event.version(), userId, false, true, event.at()) : without;
      }
      case ADD_TODO -> {
        Kind.TodoAdded e = (Kind.TodoAdded) p;
        yield list.adding(event.version(), Todo.added(e.todoId(), e.text(), false, null, event));
      }
      case UPDATE_TODO -> {
        Kind.TodoUpdated e = (Kind.TodoUpdated) p;
        yield list.withTodos(event.version(), list.todos().replace(list.todos().get(e.todoId()).updated(e.text(), e.completed(),
          event)));
      }
      case DELETE_TODO -> list.withTodos(event.version(), list.todos().remove(((Kind.TodoDeleted) p).todoId()));
      case RESTORE_TODO -> {
        Kind.TodoRestored e = (Kind.TodoRestored) p;
        yield list.adding(event.version(), Todo.added(e.todoId(), e.text(), e.completed(), null, event));
      }
      case MOVE_TODO -> {
        Kind.TodoMoveStarted e = (Kind.TodoMoveStarted) p;
        yield list.moving(event.version(), e.todoId(),
          new Move(e.sagaId(), e.todoId(), e.toListId(), event.actor(), e.text(), e.completed()), list.todos());
      }
      case ACCEPT_MOVE -> {
        Kind.TodoMovedIn e = (Kind.TodoMovedIn) p;
        yield list.adding(event.version(), Todo.added(e.todoId(), e.text(), e.completed(), e.fromListId(), event));
      }
      case FINISH_MOVE -> list.movedOut(event.version(), ((Kind.TodoMovedOut) p).todoId());
      case UNDO_MOVE -> list.moving(event.version(), ((Kind.TodoMoveUndone) p).todoId(), null, list.todos());
    };
    if (next != null) {
      lists.put(slot, next);
    }
    if (event.isDecision()) {
      long atSeconds = At.secondsOr(event.at(), Long.MAX_VALUE);
      String commandType = event.commandType();
      String listId = list != null ? list.listId() : event.listId();
      outcomes.put(new Outcome(event.commandId(), commandType, event.actor(), listId,
        event.isTerminal() ? event.status() : Outcome.STARTED, event.version(), p.code(), p.reason(), event.cursor(),
        event.fingerprint()), atSeconds);
      if (p instanceof Kind.SagaEnd end) { // the saga's last step ends the command that opened it: done, or undone with the reason
        boolean undone = kind.saga() == Kind.Saga.UNDOES;
        // Fingerprint 0: the outcome index keeps the one of the saga's first step, which this replaces.
        outcomes.put(new Outcome(end.sagaId(), end.sagaType(), event.actor(), event.listId(), undone ? "rejected" : "succeeded",
          event.version(), undone ? p.code() : null, undone ? p.reason() : null, event.cursor(), 0), atSeconds);
      }
    }
    return true;
  }

  /**
   * On the fold thread of the root state: an immutable view of everything folded so far, cheap enough to take
   * between two events (the lists' current values, which are immutable, and the outcomes up to now), for a snapshot
   * to be written from on another thread while the fold goes on.
   */
  public CapturedState capture() {
    return new CapturedState(cursor, cursorEventId, eventCount, staleDecisions, endedSessions.count(), Map.copyOf(fences), users.all(),
      endedSessions.all(), allLists(), outcomes.view());
  }

  /** Fills a new root state (nothing folded yet) from a snapshot; the fold goes on from its cursor. */
  public void restore(CapturedState from, OutcomeIndex restoredOutcomes) {
    if (base != null || eventCount != 0) {
      throw new IllegalStateException("a snapshot is restored into a new state only");
    }
    cursor = from.cursor();
    cursorEventId = from.cursorEventId();
    eventCount = from.eventCount();
    staleDecisions = from.staleDecisions();
    fences.putAll(from.fences());
    from.users().forEach(users::add);
    endedSessions.restore(from.sessionsEnded(), from.endedSessions());
    from.lists().forEach(l -> lists.put(null, l));
    invited.rebuild(from.lists());
    outcomes = restoredOutcomes;
  }

  /** The outcomes now, to write a snapshot of or to forget the expired among. */
  OutcomeIndex outcomes() {
    return outcomes;
  }

  /**
   * On the fold thread: from now on, the outcomes are {@code kept} (built from {@code view} of the present ones on
   * another thread) plus what was folded since the view was taken.
   */
  void keepOutcomes(OutcomeIndex kept, OutcomeIndex.View view) {
    outcomes.addSince(view, kept);
    outcomes = kept;
  }

  /** Every list of the root state (a fork does not list its base). */
  public List<TodoList> allLists() {
    return lists.all();
  }
}
