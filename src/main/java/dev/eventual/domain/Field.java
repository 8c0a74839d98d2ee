package dev.eventual.domain;

import java.util.regex.Pattern;

/**
 * One field of a command kind and its limits: the one rule both the HTTP layer (a 400 naming the field) and the
 * processor (a rejection as {@code invalid}) apply, so the two cannot drift apart.
 */
public record Field(String name, Type type, int max, boolean optional) {
  public enum Type { TEXT, USERNAME, ID, BOOLEAN, SECRET, WHOLE }

  private static final Pattern USERNAME = Pattern.compile("(?=.*[a-z0-9])[a-z0-9_.-]{3,32}");
  /** The code of a text that shows nothing ({@link Visible#nothing}): well-formed, and still no text to a person. */
  public static final String INVISIBLE = "invisible-text";

  /** A field that breaks its rule: {@code code} is the problem type the HTTP layer answers with. */
  public static final class Invalid extends RuntimeException {
    private final String code;

    public Invalid(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Text of 1 to {@code max} characters once stripped, without control, bidi-control or unassigned characters. */
  public static Field text(String name, int max) {
    return new Field(name, Type.TEXT, max, false);
  }

  public static Field username(String name) {
    return new Field(name, Type.USERNAME, 32, false);
  }

  /** An id the client names in the path: a UUID. */
  public static Field id(String name) {
    return new Field(name, Type.ID, 36, false);
  }

  public static Field bool(String name) {
    return new Field(name, Type.BOOLEAN, 0, false);
  }

  /** Made by the server, never by a client (a password hash): any non-empty string. */
  public static Field secret(String name) {
    return new Field(name, Type.SECRET, 512, false);
  }

  /** A whole number from 0 up (a time in epoch seconds), kept as a {@code Long}. */
  public static Field whole(String name) {
    return new Field(name, Type.WHOLE, 0, false);
  }

  public Field orAbsent() {
    return new Field(name, type, max, true);
  }

  /** The value in the form it is kept (text stripped, ids in lowercase), or {@link Invalid}. */
  public Object read(Object raw) {
    if (raw == null) {
      if (optional) {
        return null;
      }
      throw new Invalid("missing-field", "'" + name + "' is required");
    }
    return switch (type) {
      case BOOLEAN -> {
        if (!(raw instanceof Boolean b)) {
          throw new Invalid("wrong-type", "'" + name + "' must be true or false");
        }
        yield b;
      }
      case TEXT -> text(string(raw));
      case USERNAME -> {
        String s = string(raw);
        if (!USERNAME.matcher(s).matches()) {
          throw new Invalid("invalid-field", "'" + name + "' must be 3 to 32 of a-z 0-9 _ . -, at least one a letter or digit");
        }
        yield s;
      }
      case ID -> {
        String s = string(raw);
        if (!isUuid(s)) {
          throw new Invalid("invalid-field", "'" + name + "' must be a UUID");
        }
        yield s.toLowerCase(java.util.Locale.ROOT);
      }
      case WHOLE -> {
        if (!(raw instanceof Integer || raw instanceof Long) || ((Number) raw).longValue() < 0) {
          throw new Invalid("wrong-type", "'" + name + "' must be a whole number from 0 up");
        }
        yield ((Number) raw).longValue();
      }
      case SECRET -> {
        String s = string(raw);
        if (s.isEmpty() || s.length() > max) {
          throw new Invalid("invalid-field", "'" + name + "' must be 1 to " + max + " characters");
        }
        yield s;
      }
    };
  }

  private String string(Object raw) {
    if (!(raw instanceof String s)) {
      throw new Invalid("wrong-type", "'" + name + "' must be a string");
    }
    return s;
  }

  private String text(String s) {
    String trimmed = s.strip();
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length == 0 || length > max) {
      throw new Invalid("invalid-field", "'" + name + "' must be 1 to " + max + " characters");
    }
    if (trimmed.codePoints().anyMatch(Field::forbidden)) {
      throw new Invalid("invalid-field", "'" + name + "' contains control or invalid characters");
    }
    if (Visible.nothing(trimmed)) {
      throw new Invalid(INVISIBLE, "'" + name + "' shows nothing a person can see: it is only blank, zero-width,"
        + " filler or format characters");
    }
    return trimmed;
  }

  /**
   * Controls, the replacement character, lone surrogates, unassigned code points, and the bidi embeddings, overrides
   * and isolates (U+202A–202E, U+2066–2069), which reorder the text around them ("invoice\u202Efdp.exe" shows as
   * "invoiceexe.pdf"). The bidi marks (U+200E, U+200F, U+061C) stay: they reorder nothing beyond the neutral
   * characters next to them, and right-to-left text needs them.
   */
  private static boolean forbidden(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || c == 0xFFFD || type == Character.SURROGATE || type == Character.UNASSIGNED
      || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
  }

  /** The canonical form of a UUID, or null when {@code s} is not one. */
  public static String uuid(String s) {
    return isUuid(s) ? s.toLowerCase(java.util.Locale.ROOT) : null;
  }

  /** 8-4-4-4-12 hex digits: read on every command's key and path, so without a regex. */
  private static boolean isUuid(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      if (dash ? c != '-' : !hex) {
        return false;
      }
    }
    return true;
  }
}
