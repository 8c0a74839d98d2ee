package dev.eventual.readmodel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions ended by a logout, still to refuse: sessionId → when the session would have expired anyway (epoch seconds).
 * Memory follows the sessions that could still be used, not every logout ever: whenever the set has doubled since it
 * was last pruned, the sessions expired by the time of the ending event (so every node prunes the same) are dropped.
 * A fork's ended sessions read through to its base's, as the rest of a fork does.
 */
final class EndedSessions {
  private static final int PURGE_FLOOR = 1024;
  /** An ended session is kept this long past its expiry, for nodes whose clocks run behind the log's. */
  private static final long CLOCK_GRACE_SECONDS = 3600;

  private final EndedSessions base;
  private final Map<String, Long> expiries = new ConcurrentHashMap<>();
  private volatile long count;
  private int purgeAt = PURGE_FLOOR;

  EndedSessions(EndedSessions base) {
    this.base = base;
  }

  boolean contains(String sessionId) {
    if (sessionId == null) {
      return false;
    }
    for (EndedSessions s = this; s != null; s = s.base) {
      if (s.expiries.containsKey(sessionId)) {
        return true;
      }
    }
    return false;
  }

  /** How many sessions were ever ended here: whoever holds sessions looks again when it changes. */
  long count() {
    return count;
  }

  void end(String sessionId, long expiresAt, String at) {
    expiries.put(sessionId, expiresAt);
    count++;
    if (expiries.size() >= purgeAt) {
      try {
        long expired = java.time.Instant.parse(at).getEpochSecond() - CLOCK_GRACE_SECONDS;
        expiries.values().removeIf(e -> e < expired);
      } catch (java.time.format.DateTimeParseException unreadable) {
        // an event without a usable time prunes nothing; the next one will
      }
      purgeAt = Math.max(PURGE_FLOOR, 2 * expiries.size());
    }
  }

  Map<String, Long> all() {
    return Map.copyOf(expiries);
  }

  void restore(long endedCount, Map<String, Long> ended) {
    count = endedCount;
    expiries.putAll(ended);
    purgeAt = Math.max(PURGE_FLOOR, 2 * expiries.size());
  }
}
