package dev.eventual.readmodel.storage;

import java.util.UUID;

/**
 * An id as the read model keeps it: a canonical UUID string (every id Eventual makes, and every commandId once
 * normalised) as two longs, anything else as its text. The read model holds two ids per event for good (a
 * commandId, a todoId); as Strings they cost 80 bytes and two objects each, as longs 16 bytes inside their owner.
 */
public record Id(long high, long low, String text, int hash) {

  public static Id of(String s) {
    if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return new Id(0, 0, s, s.hashCode());
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      char c = s.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) {
        return new Id(0, 0, s, s.hashCode());
      }
      if (i < 18) {
        high = high << 4 | digit;
      } else {
        low = low << 4 | digit;
      }
    }
    return new Id(high, low, null, hash(high, low));
  }

  public static int hash(long high, long low) {
    long h = high * 0x9E3779B97F4A7C15L ^ low;
    return (int) (h ^ h >>> 32);
  }

  /** The text of an id kept as {@code (high, low, text)}. */
  public static String text(long high, long low, String text) {
    return text != null ? text : new UUID(high, low).toString();
  }

  public boolean is(long otherHigh, long otherLow, String otherText) {
    return text == null ? otherText == null && high == otherHigh && low == otherLow : text.equals(otherText);
  }
}
