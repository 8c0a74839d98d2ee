package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import dev.eventual.readmodel.storage.OutcomeIndex;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Optional;

/**
 * The node's read model: the fold of the event log ({@link State}), the window of recent events, the commands
 * accepted here and not folded yet, and the one way to wait until something is folded. One thread folds (the
 * event log verticle); any may read and wait.
 *
 * <p>A node replays the log before anything reads it: outcomes are indexed in one pass when the replay is over
 * ({@link #caughtUp()}), and reading one before is an error, not a silent miss.
 */
public final class ReadModel {
  private final State state = new State();
  private final EventWindow window;
  private final FenceHistory fenceHistory = new FenceHistory();
  private final Accepted accepted = new Accepted(100_000);
  private final FoldWatch<String> outcomes = new FoldWatch<>();
  private final FoldWatch<String> lists = new FoldWatch<>();
  private final FoldWatch<String> fences = new FoldWatch<>();
  private final FoldWatch<String> users = new FoldWatch<>();
  private final FoldWatch<Integer> partitions = new FoldWatch<>();
  private volatile boolean caughtUp;
  private volatile boolean logConnected;
  private boolean forgetting;
  private volatile long restoredFrom = -1;
  private volatile long snapshotAt = -1;

  public ReadModel(int windowSize) {
    this.window = new EventWindow(windowSize);
    state.deferOutcomeIndex();
  }

  public State state() {
    return state;
  }

  public EventWindow window() {
    return window;
  }

  /** The partitions' fences at the cursors this node folded, to judge the log as the fold did when it is read again. */
  public FenceHistory fenceHistory() {
    return fenceHistory;
  }

  public Accepted accepted() {
    return accepted;
  }

  /**
   * Applies one event of the log (at its cursor) and wakes whoever waits for it; false when the fold ignored it (a
   * decision under a stale fence), which then goes to nobody.
   */
  public boolean fold(Event event) {
    if (!fenceHistory.started()) {
      fenceHistory.start(state.cursor(), state.fences());
      window.coversAfter(state.cursor());
    }
    if (!state.apply(event)) {
      return false;
    }
    if (event.payload() instanceof Event.Fence fence) {
      fences.folded(fence.fenceId(), event);
      if (fence.partition() != null) {
        fenceHistory.fenced(event.cursor(), fence.partition(), fence.fenceId());
        partitions.folded(fence.partition(), event);
      }
      return true;
    }
    window.add(event);
    if (caughtUp) {
      if (event.listId() != null) {
        lists.folded(event.listId(), event);
      }
      if (event.isDecision()) {
        outcomes.folded(event.commandId(), event);
      }
      if (!users.idle()) {
        event.audience().forEach(userId -> users.folded(userId, event));
      }
      if (event.endsSaga() != null) {
        outcomes.folded(event.endsSaga(), event);
      }
    }
    return true;
  }

  /** The replay is over: index its outcomes, and let readers in. */
  public void caughtUp(boolean value) {
    if (value && !caughtUp) {
      state.indexOutcomes();
    }
    caughtUp = value;
  }

  public boolean caughtUp() {
    return caughtUp;
  }

  /** The cursor of the snapshot this node started from, or -1 when it replayed the whole log. */
  public long restoredFrom() {
    return restoredFrom;
  }

  /** The cursor of the last snapshot this node wrote or started from, or -1. */
  public long snapshotAt() {
    return snapshotAt;
  }

  public void snapshot(long cursor, boolean restored) {
    snapshotAt = cursor;
    if (restored) {
      restoredFrom = cursor;
    }
  }

  public boolean logConnected() {
    return logConnected;
  }

  public void logConnected(boolean value) {
    logConnected = value;
  }

  /**
   * On the fold thread: forgets the outcomes of commands decided before {@code cutoffSeconds} (epoch seconds), but
   * sagas under way, so that memory follows the retention and not the whole history. The new index is built on a
   * worker from a view of the present one; the fold goes on meanwhile, and what it adds is carried over when the new
   * index takes the old one's place. Completes with how many outcomes were forgotten (0 when none had expired).
   */
  public Future<Integer> forgetOutcomesBefore(Vertx vertx, long cutoffSeconds) {
    OutcomeIndex current = state.outcomes();
    if (!caughtUp || forgetting || current.oldestAt() >= cutoffSeconds) {
      return Future.succeededFuture(0);
    }
    forgetting = true;
    OutcomeIndex.View view = current.view();
    return vertx.executeBlocking(() -> OutcomeIndex.kept(view, cutoffSeconds), false)
      .map(kept -> {
        int forgotten = view.size() - kept.size();
        state.keepOutcomes(kept, view);
        return forgotten;
      })
      .onComplete(ar -> forgetting = false);
  }

  /**
   * The outcome of {@code commandId} once folded and settled (a command that opened a saga settles with the saga's
   * last step); empty when {@code timeoutMs} passes first.
   */
  public Future<Optional<Outcome>> outcome(String commandId, long timeoutMs) {
    return outcomes.await(commandId, () -> state.outcome(commandId).filter(Outcome::settled).orElse(null), timeoutMs)
      .map(Optional::of).otherwise(err -> err instanceof FoldWatch.NotYet ? Optional.empty() : rethrow(err));
  }

  /** Completes once list {@code listId} is at {@code version} or later here (or gone); fails when the time passes. */
  public Future<Void> reached(String listId, long version, long timeoutMs) {
    return lists.await(listId, () -> state.list(listId).map(l -> l.version() >= version).orElse(version <= 0) ? Boolean.TRUE : null,
      timeoutMs).mapEmpty();
  }

  /** The user once folded here (a user's sign-up is addressed to them); fails when the time passes first. */
  public Future<User> user(String userId, long timeoutMs) {
    return users.await(userId, () -> state.user(userId).orElse(null), timeoutMs);
  }

  /**
   * Waits for the fence {@code fenceId}: call before appending it, compose the append, then wait on the result.
   * Completes with the folded fence (its cursor); fails when the time passes.
   */
  public Future<Event> fence(String fenceId, long timeoutMs) {
    return fences.next(fenceId, timeoutMs);
  }

  /**
   * Completes once the outcome of {@code commandId}, decided under {@code fence} for {@code partition}, is folded;
   * fails as soon as another fence takes the partition first (this decider's decisions are then ignored, and the
   * partition's new decider decides the command again), or when the time passes.
   */
  public Future<Void> decided(String commandId, int partition, String fence, long timeoutMs) {
    Promise<Void> done = Promise.promise();
    outcomes.await(commandId, () -> state.outcome(commandId).isPresent() ? Boolean.TRUE : null, timeoutMs, done.future())
      .onSuccess(v -> done.tryComplete());
    // The fence first: once another is folded, an outcome that came before it is folded too; if there is none, this
    // decider's decision came after the other fence and is ignored.
    partitions.await(partition, () -> !fence.equals(state.fence(partition)) && state.outcome(commandId).isEmpty()
        ? Boolean.TRUE : null, timeoutMs, done.future())
      .onSuccess(v -> done.tryFail(new FenceLost(partition)));
    Vertx.currentContext().owner().setTimer(timeoutMs, id -> done.tryFail(new FoldWatch.NotYet(timeoutMs)));
    return done.future();
  }

  /** Another decider fenced the partition: this one's decisions after that are ignored. */
  public static final class FenceLost extends RuntimeException {
    FenceLost(int partition) {
      super("partition " + partition + " was fenced by another decider", null, false, false);
    }
  }

  private static <T> T rethrow(Throwable err) {
    throw err instanceof RuntimeException r ? r : new IllegalStateException(err);
  }
}
