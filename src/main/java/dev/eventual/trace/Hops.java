package dev.eventual.trace;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each hop of a recent command happened, as this node saw it (epoch µs): accepted and confirmed where it was
 * accepted, dequeued and decided as its decision carried them in the log, appended (the broker's time for the
 * entry), folded and pushed here. Kept whether tracing exports or not — a few longs a command —, for the last
 * {@code capacity} commands.
 */
public final class Hops {
  public static final String[] NAMES = {"accepted", "confirmed", "dequeued", "decided", "appended", "folded", "pushed"};

  private static final class Entry {
    String traceparent;
    final long[] micros = new long[NAMES.length];
  }

  private final Map<String, Entry> entries;

  Hops(int capacity) {
    this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  public synchronized void accepted(String commandId, String traceparent, long acceptedMicros, long confirmedMicros) {
    Entry e = entries.computeIfAbsent(commandId, id -> new Entry());
    e.traceparent = traceparent;
    e.micros[0] = acceptedMicros;
    e.micros[1] = confirmedMicros;
  }

  public synchronized void folded(String commandId, Carrier.Stamp stamp, long appendedMicros, long foldedMicros,
                                  long pushedMicros) {
    Entry e = entries.computeIfAbsent(commandId, id -> new Entry());
    if (e.traceparent == null) {
      e.traceparent = stamp.traceparent();
    }
    e.micros[2] = stamp.dequeuedMicros();
    e.micros[3] = stamp.decidedMicros();
    e.micros[4] = appendedMicros;
    e.micros[5] = foldedMicros;
    e.micros[6] = pushedMicros;
  }

  /** {@code {traceId, hops: {accepted: epoch ms, …}}} for what this node knows of the command; null if nothing. */
  public synchronized JsonObject json(String commandId) {
    Entry e = entries.get(commandId);
    if (e == null) {
      return null;
    }
    JsonObject hops = new JsonObject();
    for (int i = 0; i < NAMES.length; i++) {
      if (e.micros[i] > 0) {
        hops.put(NAMES[i], e.micros[i] / 1000.0);
      }
    }
    return new JsonObject().put("traceId", e.traceparent == null ? null : Traceparent.traceId(e.traceparent))
      .put("hops", hops);
  }
}
