package dev.eventual.domain;

/**
 * What a person can see and tell apart. A text of only invisible characters (zero-width and format characters, the
 * Hangul fillers, a BOM, blanks that {@link String#strip()} keeps, marks with nothing to sit on) shows as nothing; a
 * username's {@link #look} is what a reader takes in, so two names with one look are one name to people.
 */
public final class Visible {
  private Visible() {
  }

  /** Whether {@code text} shows nothing at all. Invisible characters inside visible text (ZWJ in an emoji) are fine. */
  public static boolean nothing(String text) {
    return text.codePoints().allMatch(Visible::invisible);
  }

  /**
   * A username as a reader takes it in: without its separators ({@code _ . -}, small and easily missed, so
   * {@code ana.}, {@code .ana} and {@code a_na} all read as {@code ana}), and with the look-alikes of its alphabet
   * folded ({@code 0}→{@code o}, {@code 1}→{@code l}, {@code rn}→{@code m}, {@code vv}→{@code w}). Usernames have no
   * capitals, so case cannot make a twin.
   */
  public static String look(String username) {
    StringBuilder b = new StringBuilder(username.length());
    for (int i = 0; i < username.length(); i++) {
      char c = username.charAt(i);
      if (c == '0') {
        b.append('o');
      } else if (c == '1') {
        b.append('l');
      } else if (c != '_' && c != '.' && c != '-') {
        b.append(c);
      }
    }
    return b.toString().replace("rn", "m").replace("vv", "w");
  }

  /**
   * Blanks, format characters (Cf: zero-width space and joiners, BOM, word joiner, soft hyphen, tags), non-spacing and
   * enclosing marks (nothing to sit on alone: the variation selectors and the combining grapheme joiner among them),
   * the Hangul fillers, letters that render as nothing (U+115F, U+1160, U+3164, U+FFA0), and U+2800, the blank braille
   * pattern.
   */
  static boolean invisible(int c) {
    int type = Character.getType(c);
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
      || type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
      || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
  }
}
