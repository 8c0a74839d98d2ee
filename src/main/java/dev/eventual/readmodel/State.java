package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import dev.eventual.domain.Facts;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.storage.At;
import dev.eventual.readmodel.storage.OutcomeIndex;
import dev.eventual.readmodel.storage.TodoTrie;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fold of the event log: {@link #apply(Event)} is the one function that read model, write model and
 * routing share. One thread applies; any thread may read, because every value it hands out is immutable.
 */
public final class State implements Facts {
  private static final int PURGE_FLOOR = 1024;
  /** An ended session is kept this long past its expiry, for nodes whose clocks run behind the log's. */
  private static final long CLOCK_GRACE_SECONDS = 3600;

  /** A list's current value: one map lookup finds it and a fold replaces it in place, with no second map write. */
  private static final class Slot {
    volatile TodoList list;

    Slot(TodoList list) {
      this.list = list;
    }
  }

  private final State base;
  private final Map<String, Slot> lists = new ConcurrentHashMap<>();
  private final Users users;
  private volatile OutcomeIndex outcomes = new OutcomeIndex();
  /** Ended sessions still to refuse: sessionId → when the session would have expired anyway (epoch seconds). */
  private final Map<String, Long> endedSessions = new ConcurrentHashMap<>();
  private volatile long sessionsEnded;
  private int purgeEndedAt = PURGE_FLOOR;
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
    this.users = new Users(base == null ? null : base.users);
  }

  /**
   * An overlay for deciding ahead: it reads through to this state and keeps what is applied to it to itself, so a
   * processor can decide several commands of a partition before the first of them has come back from the stream.
   */
  public State fork() {
    return new State(this);
  }

  private static <V> V lookup(String key, Map<String, V> own, State base, java.util.function.Function<State, Map<String, V>> of) {
    if (key == null) {
      return null;
    }
    V value = own.get(key);
    return value != null || base == null ? value : lookup(key, of.apply(base), base.base, of);
  }

  @Override
  public Optional<TodoList> list(String listId) {
    return Optional.ofNullable(findList(listId));
  }

  private TodoList findList(String listId) {
    Slot slot = lookup(listId, lists, base, s -> s.lists);
    return slot == null ? null : slot.list;
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

  /** Whether the session was ended (logged out); forgotten only once it has expired anyway. */
  public boolean sessionEnded(String sessionId) {
    return lookup(sessionId, endedSessions, base, s -> s.endedSessions) != null;
  }

  /** How many sessions were ever ended here: whoever holds sessions looks again when it changes. */
  public long sessionsEnded() {
    return sessionsEnded;
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

  /** Decisions folded under a fence that was no longer their partition's, and so ignored. */
  public long staleDecisions() {
    return staleDecisions;
  }

  /** The lists a user belongs to; on the root state only (a fork does not list its base). */
  public List<TodoList> listsOf(String userId) {
    List<TodoList> result = new ArrayList<>();
    for (Slot slot : lists.values()) {
      TodoList list = slot.list;
      if (list.isMember(userId)) {
        result.add(list);
      }
    }
    result.sort((a, b) -> a.listId().compareTo(b.listId()));
    return result;
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
    JsonObject p = event.payload();
    if (Event.FENCE.equals(event.type())) {
      if (p.getValue("partition") instanceof Number partition) {
        fences.put(partition.intValue(), p.getString("fenceId"));
      }
      return true;
    }
    if (base == null && event.fence() != null && !event.fence().equals(fences.get(event.partition()))) {
      staleDecisions++;
      return false;
    }
    Slot slot = event.listId() == null ? null : lists.get(event.listId());
    TodoList list = slot != null ? slot.list : base == null ? null : base.findList(event.listId());
    Kind kind = Kind.ofEvent(event.type());
    TodoList next = kind == null ? null : switch (kind) { // CommandRejected, CommandFailed and Fence change no list.
      case SIGN_UP -> {
        users.add(new User(p.getString("userId"), p.getString("username"), p.getString("credential")));
        yield null;
      }
      case END_SESSION -> {
        endSession(p.getString("sessionId"), p.getLong("expiresAt"), event.at());
        yield null;
      }
      case CREATE_LIST -> new TodoList(event.listId(), p.getString("name"), event.actor(),
        List.of(event.actor()), TodoTrie.empty(), event.version(), false, event.version(), event.actor(), Map.of());
      case RENAME_LIST -> list.renamed(p.getString("name"), event);
      case DELETE_LIST -> list.with(event.version(), list.name(), list.members(), TodoTrie.empty(), true);
      case ADD_MEMBER -> {
        List<String> members = new ArrayList<>(list.members());
        members.add(p.getString("userId"));
        yield list.with(event.version(), list.name(), members, list.todos(), false);
      }
      case REMOVE_MEMBER -> {
        List<String> members = new ArrayList<>(list.members());
        members.remove(p.getString("userId"));
        yield list.with(event.version(), list.name(), members, list.todos(), false);
      }
      case ADD_TODO -> list.with(event.version(), list.name(), list.members(), list.todos().add(event.version(),
        Todo.added(p.getString("todoId"), p.getString("text"), event)), false);
      case UPDATE_TODO -> list.with(event.version(), list.name(), list.members(),
        list.todos().replace(list.todos().get(p.getString("todoId")).updated(p, event)), false);
      case DELETE_TODO -> list.with(event.version(), list.name(), list.members(),
        list.todos().remove(p.getString("todoId")), false);
      case MOVE_TODO -> list.moving(event.version(), p.getString("todoId"), new Move(p.getString("sagaId"),
        p.getString("todoId"), p.getString("toListId"), event.actor(), p.getString("text"), p.getBoolean("completed")),
        list.todos());
      case ACCEPT_MOVE -> list.with(event.version(), list.name(), list.members(),
        list.todos().add(event.version(), Todo.movedIn(p, event)), false);
      case FINISH_MOVE -> list.moving(event.version(), p.getString("todoId"), null, list.todos().remove(p.getString("todoId")));
      case UNDO_MOVE -> list.moving(event.version(), p.getString("todoId"), null, list.todos());
    };
    if (next != null) {
      if (slot != null) {
        slot.list = next;
      } else {
        lists.put(next.listId(), new Slot(next));
      }
    }
    if (event.isDecision()) {
      long atSeconds = At.secondsOr(event.at(), Long.MAX_VALUE);
      String commandType = event.commandType();
      String listId = list != null ? list.listId() : event.listId();
      outcomes.put(new Outcome(event.commandId(), commandType, event.actor(), listId,
        event.isTerminal() ? event.status() : Outcome.STARTED, event.version(), p.getString("code"), p.getString("reason"),
        event.cursor()), atSeconds);
      String saga = event.endsSaga();
      if (saga != null) { // the saga's last step ends the command that opened it: done, or undone with the reason
        boolean undone = kind.saga() == Kind.Saga.UNDOES;
        outcomes.put(new Outcome(saga, p.getString("sagaType"), event.actor(), event.listId(),
          undone ? "rejected" : "succeeded", event.version(), undone ? p.getString("code") : null,
          undone ? p.getString("reason") : null, event.cursor()), atSeconds);
      }
    }
    return true;
  }

  /**
   * Memory follows the sessions that could still be used, not every logout ever: whenever the set has doubled since
   * it was last pruned, the sessions expired by the time of this event (so every node prunes the same) are dropped.
   */
  private void endSession(String sessionId, long expiresAt, String at) {
    endedSessions.put(sessionId, expiresAt);
    sessionsEnded++;
    if (endedSessions.size() >= purgeEndedAt) {
      try {
        long expired = java.time.Instant.parse(at).getEpochSecond() - CLOCK_GRACE_SECONDS;
        endedSessions.values().removeIf(e -> e < expired);
      } catch (java.time.format.DateTimeParseException unreadable) {
        // an event without a usable time prunes nothing; the next one will
      }
      purgeEndedAt = Math.max(PURGE_FLOOR, 2 * endedSessions.size());
    }
  }

  /**
   * On the fold thread of the root state: an immutable view of everything folded so far, cheap enough to take
   * between two events (the lists' current values, which are immutable, and the outcomes up to now), for a snapshot
   * to be written from on another thread while the fold goes on.
   */
  public CapturedState capture() {
    return new CapturedState(cursor, cursorEventId, eventCount, staleDecisions, sessionsEnded, Map.copyOf(fences), users.all(),
      Map.copyOf(endedSessions), allLists(), outcomes.view());
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
    sessionsEnded = from.sessionsEnded();
    fences.putAll(from.fences());
    from.users().forEach(users::add);
    endedSessions.putAll(from.endedSessions());
    purgeEndedAt = Math.max(PURGE_FLOOR, 2 * endedSessions.size());
    from.lists().forEach(l -> lists.put(l.listId(), new Slot(l)));
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
    List<TodoList> result = new ArrayList<>(lists.size());
    lists.values().forEach(slot -> result.add(slot.list));
    return result;
  }
}
