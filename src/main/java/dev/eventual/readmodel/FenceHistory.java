package dev.eventual.readmodel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which fence each partition had at any cursor this node folded, so the log can be read again from an older cursor
 * and judged as the fold judged it: a decision whose fence was no longer its partition's was ignored, and must not
 * reach anyone when read again. It knows the fences at the cursor the fold started from (a snapshot's, or none before
 * the first entry) and every partition fence folded since, the last {@link #KEPT} of them. One writer (the fold).
 */
public final class FenceHistory {
  static final int KEPT = 100_000;

  private record Change(long cursor, int partition, String fenceId) {
  }

  private final ArrayDeque<Change> changes = new ArrayDeque<>();
  private Map<Integer, String> base;
  private long baseCursor = Long.MAX_VALUE;

  /** The fences after the entry at {@code cursor}, where the fold starts (or -1 before the log's first entry). */
  synchronized void start(long cursor, Map<Integer, String> fences) {
    if (base == null) {
      base = new HashMap<>(fences);
      baseCursor = cursor;
    }
  }

  boolean started() {
    return base != null;
  }

  synchronized void fenced(long cursor, int partition, String fenceId) {
    changes.addLast(new Change(cursor, partition, fenceId));
    if (changes.size() > KEPT) {
      Change oldest = changes.removeFirst();
      base.put(oldest.partition(), oldest.fenceId());
      baseCursor = oldest.cursor();
    }
  }

  /** Whether the fold applied {@code event}, given the fences right before it: {@link State#apply}'s own rule. */
  public static boolean applied(dev.eventual.domain.Event event, Map<Integer, String> fences) {
    return event.fence() == null || event.fence().equals(fences.get(event.partition()));
  }

  /** The fences of every partition right after the entry at {@code cursor}, or null when this node cannot know them. */
  public synchronized Map<Integer, String> after(long cursor) {
    if (base == null || cursor < baseCursor) {
      return null;
    }
    Map<Integer, String> at = new HashMap<>(base);
    for (Change c : changes) {
      if (c.cursor() > cursor) {
        break;
      }
      at.put(c.partition(), c.fenceId());
    }
    return at;
  }
}
