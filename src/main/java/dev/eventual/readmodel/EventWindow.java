package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} folded events of this node, for catch-up after a socket gap. One writer (the event
 * log verticle), many readers (HTTP verticles), hence the lock. Frontend messages are built when read, so a replay
 * of a long log does not build one per event.
 */
public final class EventWindow {

  /** The gap asked for is older than what the window keeps: the client must reload its state. */
  public static final class Gone extends RuntimeException {
    public Gone(long oldest) {
      super("events before cursor " + oldest + " are no longer kept", null, false, false);
    }
  }

  private final int capacity;
  private final ArrayDeque<Event> entries = new ArrayDeque<>();
  private long droppedUpTo = -1;

  public EventWindow(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The window holds every event after {@code cursor} (where the fold starts: a snapshot's cursor), none before: a
   * gap from before it is as gone as one the window dropped, never answered as if nothing had happened.
   */
  public synchronized void coversAfter(long cursor) {
    if (entries.isEmpty()) {
      droppedUpTo = Math.max(droppedUpTo, cursor);
    }
  }

  /** The cursor after which every event is kept here. */
  public synchronized long keptAfter() {
    return droppedUpTo;
  }

  public synchronized void add(Event event) {
    if (entries.size() == capacity) {
      droppedUpTo = entries.removeFirst().cursor();
    }
    entries.addLast(event);
  }

  /** The messages for {@code userId} with a cursor greater than {@code after}, oldest first. */
  public List<JsonObject> since(long after, String userId, State state) {
    List<Event> mine = new ArrayList<>();
    synchronized (this) {
      if (after < droppedUpTo) {
        throw new Gone(droppedUpTo + 1);
      }
      for (var it = entries.descendingIterator(); it.hasNext(); ) {
        Event e = it.next();
        if (e.cursor() <= after) {
          break;
        }
        if (e.audience().contains(userId)) {
          mine.add(e);
        }
      }
    }
    List<JsonObject> result = new ArrayList<>(mine.size());
    for (int i = mine.size() - 1; i >= 0; i--) {
      result.add(FrontendMessage.of(mine.get(i), state, userId));
    }
    return result;
  }
}
