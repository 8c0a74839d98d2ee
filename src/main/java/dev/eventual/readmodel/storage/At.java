package dev.eventual.readmodel.storage;

import java.time.Instant;

/**
 * A time as the read model keeps it: text that {@link Instant#toString()} would write (every {@code at} Eventual
 * makes) as seconds and nanoseconds, anything else as its text. Each todo keeps the time it was last changed; as a
 * String that is 72 bytes and two objects, as numbers 12 bytes inside the todo, and the text comes back the same.
 */
public record At(long seconds, int nanos, String text) {

  private static final At NONE = new At(0, -1, null);

  public static At of(String s) {
    if (s == null) {
      return NONE;
    }
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
      || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return new At(0, 0, s);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int fraction = n - 21;
    int nanos = fraction == 3 || fraction == 6 || fraction == 9 ? digits(s, 20, n - 1) : -1;
    boolean written = n == 20 || s.charAt(19) == '.' && nanos >= 0 && printedDigits(nanos * POWERS[9 - fraction]) == fraction;
    if (!written || year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOf(year, month) || hour < 0
      || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return new At(0, 0, s);
    }
    long days = daysFromEpoch(year, month, day);
    return new At(days * 86_400 + hour * 3_600L + minute * 60L + second, n == 20 ? 0 : nanos * POWERS[9 - fraction], null);
  }

  /** The time in epoch seconds, or {@code otherwise} when it is not one Eventual wrote. */
  public static long secondsOr(String s, long otherwise) {
    At at = of(s);
    return at.text() == null && at.nanos() >= 0 ? at.seconds() : otherwise;
  }

  /** The text of a time kept as {@code (seconds, nanos, text)}; nanos -1 stands for no time at all. */
  public static String text(long seconds, int nanos, String text) {
    return text != null || nanos < 0 ? text : Instant.ofEpochSecond(seconds, nanos).toString();
  }

  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /** How many fraction digits Instant.toString writes for these nanoseconds: none, 3, 6 or 9. */
  private static int printedDigits(int nanos) {
    return nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
  }

  /** The decimal number in {@code s[from, to)}, or -1 if any of it is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int lengthOf(int year, int month) {
    return switch (month) {
      case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days from 1970-01-01 to the given date of the proleptic Gregorian calendar (as LocalDate.toEpochDay). */
  private static long daysFromEpoch(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
