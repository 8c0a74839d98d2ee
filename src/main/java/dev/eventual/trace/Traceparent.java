package dev.eventual.trace;

import java.util.concurrent.ThreadLocalRandom;

/** W3C trace context's {@code traceparent}: {@code 00-<trace id, 32 hex>-<parent span id, 16 hex>-<flags, 2 hex>}. */
public final class Traceparent {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Traceparent() {
  }

  /** Whether {@code s} is one a caller may hand us; anything else is ignored and the command starts a trace of its own. */
  public static boolean valid(String s) {
    if (s == null || s.length() != 55 || s.charAt(2) != '-' || s.charAt(35) != '-' || s.charAt(52) != '-'
      || s.startsWith("ff")) {
      return false;
    }
    boolean traceZero = true;
    boolean spanZero = true;
    for (int i = 0; i < 55; i++) {
      if (i == 2 || i == 35 || i == 52) {
        continue;
      }
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
      if (c != '0') {
        traceZero &= i < 3 || i > 34;
        spanZero &= i < 36 || i > 51;
      }
    }
    return !traceZero && !spanZero;
  }

  public static String traceId(String traceparent) {
    return traceparent.substring(3, 35);
  }

  public static String spanId(String traceparent) {
    return traceparent.substring(36, 52);
  }

  public static boolean sampled(String traceparent) {
    return (Character.digit(traceparent.charAt(54), 16) & 1) == 1;
  }

  public static String of(String traceId, String spanId, boolean sampled) {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }

  /** A new trace, for a command that came without one. */
  public static String fresh() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return of(hex(r.nextLong(1, Long.MAX_VALUE)) + hex(r.nextLong()), hex(r.nextLong(1, Long.MAX_VALUE)), true);
  }

  private static String hex(long v) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(out);
  }
}
