package dev.eventual.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command's trace takes along in a queue message's AMQP headers, and what a decision takes along into the
 * log in its entry's application properties (never the body: the log's bytes stay what they were). A message
 * holding one command carries W3C's own {@code traceparent}; a batch carries {@code eventual-traces}, one per
 * command in order. {@code eventual-sent}: when the accepting node published it (epoch µs); a decision carries when
 * its command was taken off the queue and when it was decided. Names without {@code x-}: RabbitMQ would move those
 * to message annotations between protocols.
 */
public final class Carrier {
  public static final String TRACEPARENT = "traceparent";
  static final String TRACES = "eventual-traces";
  static final String SENT = "eventual-sent";
  public static final String DEQUEUED = "eventual-dequeued";
  public static final String DECIDED = "eventual-decided";

  private Carrier() {
  }

  /** Headers of a queue message holding these commands' traces (null for none known). */
  public static Map<String, Object> commandHeaders(List<String> traceparents, long sentMicros) {
    Map<String, Object> headers = new HashMap<>(4);
    headers.put(SENT, sentMicros);
    if (traceparents.size() == 1) {
      if (traceparents.get(0) != null) {
        headers.put(TRACEPARENT, traceparents.get(0));
      }
    } else {
      List<String> all = new ArrayList<>(traceparents.size());
      traceparents.forEach(t -> all.add(t == null ? "" : t));
      headers.put(TRACES, all);
    }
    return headers;
  }

  /** The trace of each of a message's {@code n} commands, null where none came. */
  public static List<String> traces(Map<String, Object> headers, int n) {
    List<String> out = new ArrayList<>(n);
    Object many = headers == null ? null : headers.get(TRACES);
    Object one = headers == null ? null : headers.get(TRACEPARENT);
    for (int i = 0; i < n; i++) {
      Object t = many instanceof List<?> l && i < l.size() ? l.get(i) : n == 1 ? one : null;
      String s = t == null ? null : t.toString();
      out.add(Traceparent.valid(s) ? s : null);
    }
    return out;
  }

  /** When the message was published, epoch µs (0 when unknown). */
  public static long sent(Map<String, Object> headers) {
    return number(headers, SENT);
  }

  /** A decision's trace and times, as its log entry carries them. */
  public record Stamp(String traceparent, long dequeuedMicros, long decidedMicros) {
    public Map<String, Object> properties() {
      Map<String, Object> p = new HashMap<>(4);
      if (traceparent != null) {
        p.put(TRACEPARENT, traceparent);
      }
      p.put(DEQUEUED, dequeuedMicros);
      p.put(DECIDED, decidedMicros);
      return p;
    }

    /** Read back from an entry's properties (AMQP headers or stream application properties); null when none. */
    public static Stamp of(Map<String, Object> properties) {
      if (properties == null || !properties.containsKey(DECIDED)) {
        return null;
      }
      Object t = properties.get(TRACEPARENT);
      String s = t == null ? null : t.toString();
      return new Stamp(Traceparent.valid(s) ? s : null, number(properties, DEQUEUED), number(properties, DECIDED));
    }
  }

  private static long number(Map<String, Object> headers, String key) {
    Object v = headers == null ? null : headers.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
