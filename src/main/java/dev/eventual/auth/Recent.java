package dev.eventual.auth;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * When something last happened, per key, within a sliding window: the memory the limits on signing in and up keep.
 * Bounded: at most {@code cap} times per key (the oldest go first), and keys whose times have all left the window are
 * dropped once there are many. Not thread-safe: its owner locks.
 */
final class Recent {
  private static final int MANY_KEYS = 100_000;

  private final long windowMs;
  private final int cap;
  private final Map<String, ArrayDeque<Long>> times = new HashMap<>();

  Recent(long windowMs, int cap) {
    this.windowMs = windowMs;
    this.cap = cap;
  }

  int count(String key, long nowMs) {
    ArrayDeque<Long> window = fresh(key, nowMs);
    return window == null ? 0 : window.size();
  }

  /** The oldest time still in the window (callers ask only when {@link #count} is positive). */
  long oldest(String key) {
    return times.get(key).peekFirst();
  }

  long newest(String key) {
    return times.get(key).peekLast();
  }

  void add(String key, long nowMs) {
    if (times.size() >= MANY_KEYS) {
      times.values().removeIf(w -> w.isEmpty() || w.peekLast() <= nowMs - windowMs);
    }
    ArrayDeque<Long> window = times.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (window.size() == cap) {
      window.pollFirst();
    }
    window.addLast(nowMs);
  }

  /** Takes back one thing noted at {@code atMs} (an attempt that turned out right). */
  void remove(String key, long atMs) {
    ArrayDeque<Long> window = times.get(key);
    if (window == null) {
      return;
    }
    for (Iterator<Long> it = window.descendingIterator(); it.hasNext(); ) {
      if (it.next() == atMs) {
        it.remove();
        break;
      }
    }
    if (window.isEmpty()) {
      times.remove(key);
    }
  }

  void clear(String key) {
    times.remove(key);
  }

  private ArrayDeque<Long> fresh(String key, long nowMs) {
    ArrayDeque<Long> window = times.get(key);
    if (window == null) {
      return null;
    }
    while (!window.isEmpty() && window.peekFirst() <= nowMs - windowMs) {
      window.pollFirst();
    }
    if (window.isEmpty()) {
      times.remove(key);
      return null;
    }
    return window;
  }

  long windowMs() {
    return windowMs;
  }
}
