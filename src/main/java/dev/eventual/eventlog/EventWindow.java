package dev.eventual.eventlog;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} folded events of this node, for catch-up after a socket gap. One writer (the event
 * log verticle), many readers (HTTP verticles), hence the lock.
 */
public final class EventWindow {
  private record Entry(long cursor, List<String> audience, JsonObject message) {
  }

  /** The gap asked for is older than what the window keeps: the client must reload its state. */
  public static final class Gone extends RuntimeException {
    public Gone(long oldest) {
      super("events before cursor " + oldest + " are no longer kept", null, false, false);
    }
  }

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long droppedUpTo = -1;

  public EventWindow(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(long cursor, List<String> audience, JsonObject message) {
    if (entries.size() == capacity) {
      droppedUpTo = entries.removeFirst().cursor();
    }
    entries.addLast(new Entry(cursor, audience, message));
  }

  /** The messages for {@code userId} with a cursor greater than {@code after}, oldest first. */
  public synchronized List<JsonObject> since(long after, String userId) {
    if (after < droppedUpTo) {
      throw new Gone(droppedUpTo + 1);
    }
    List<JsonObject> result = new ArrayList<>();
    for (var it = entries.descendingIterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.cursor() <= after) {
        break;
      }
      if (e.audience().contains(userId)) {
        result.add(e.message());
      }
    }
    java.util.Collections.reverse(result);
    return result;
  }
}
