package dev.eventual.eventlog;

import dev.eventual.domain.Event;
import dev.eventual.readmodel.EventWindow;
import dev.eventual.readmodel.FrontendMessage;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a client that saw the log up to a cursor gets to be whole again, the same for the SockJS catch-up
 * ({@code GET /api/events?after=}) and the event stream ({@code Last-Event-ID}), on any node: its events after the
 * cursor from the node's window; older than the window, read from the stream itself, up to {@code events.resumeDepth}
 * entries behind the head; beyond that, or where this node cannot judge the log (before the snapshot it started from,
 * over {@code events.transport=amqp}), a {@link Reset}: reload state and go on from its cursor. Never a silent gap.
 */
public final class Resume {
  /** A cursor a node has not reached is waited for this long (another node may be a little ahead). */
  static final long AHEAD_WAIT_MS = 5_000;
  private static final long AHEAD_POLL_MS = 25;

  /** The verdict of a resume. */
  public sealed interface Verdict permits Events, Reset {
  }

  /** The caller's messages after the cursor asked for, in order, and the cursor they bring the caller to. */
  public record Events(List<JsonObject> messages, long cursor, boolean fromLog) implements Verdict {
  }

  /** The gap cannot be filled: reload state, then go on after {@code cursor}. */
  public record Reset(long cursor, String reason) implements Verdict {
  }

  private final Vertx vertx;
  private final ReadModel readModel;
  private final LogHistory history;
  private final long depth;

  public Resume(Vertx vertx, ReadModel readModel, LogHistory history, long depth) {
    this.vertx = vertx;
    this.readModel = readModel;
    this.history = history;
    this.depth = depth;
  }

  /** The verdict for {@code userId}, who saw everything up to {@code after} (-1: nothing yet). */
  public Future<Verdict> after(long after, String userId) {
    if (after > readModel.state().cursor()) {
      return ahead(after).compose(reached -> reached ? fromHere(after, userId)
        : Future.succeededFuture(new Reset(readModel.state().cursor(), "cursor " + after + " is beyond the log's head "
          + readModel.state().cursor() + " (another log?)")));
    }
    return fromHere(after, userId);
  }

  private Future<Verdict> fromHere(long after, String userId) {
    State state = readModel.state();
    try {
      List<JsonObject> messages = readModel.window().since(after, userId, state);
      return Future.succeededFuture(new Events(messages, Math.max(state.cursor(), last(messages, after)), false));
    } catch (EventWindow.Gone gone) {
      long head = state.cursor();
      if (!history.available()) {
        return reset(head, "events after " + after + " are older than this node keeps (events.window), and it reads no history over events.transport=amqp");
      }
      if (head - after > depth) {
        return reset(head, "events after " + after + " are more than " + depth + " entries behind the log's head " + head
          + " (events.resumeDepth)");
      }
      Map<Integer, String> fences = readModel.fenceHistory().after(after);
      if (fences == null) {
        return reset(head, "events after " + after + " are older than this node's first folded entry");
      }
      return history.read(after, head, userId, fences)
        .map(events -> (Verdict) new Events(messages(events), head, true))
        .recover(err -> err instanceof LogHistory.Truncated t ? reset(head, t.getMessage()) : Future.failedFuture(err));
    }
  }

  private List<JsonObject> messages(List<Event> events) {
    State state = readModel.state();
    List<JsonObject> result = new ArrayList<>(events.size());
    events.forEach(e -> result.add(FrontendMessage.of(e, state)));
    return result;
  }

  private static long last(List<JsonObject> messages, long after) {
    return messages.isEmpty() ? after : messages.get(messages.size() - 1).getLong("cursor");
  }

  private static Future<Verdict> reset(long cursor, String reason) {
    return Future.succeededFuture(new Reset(cursor, reason));
  }

  /** Completes with true once this node's fold reaches {@code cursor}, false after {@link #AHEAD_WAIT_MS}. */
  private Future<Boolean> ahead(long cursor) {
    Promise<Boolean> reached = Promise.promise();
    long deadline = System.currentTimeMillis() + AHEAD_WAIT_MS;
    vertx.setPeriodic(AHEAD_POLL_MS, id -> {
      if (readModel.state().cursor() >= cursor || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        reached.tryComplete(readModel.state().cursor() >= cursor);
      }
    });
    return reached.future();
  }
}
