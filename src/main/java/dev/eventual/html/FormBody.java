package dev.eventual.html;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A form post's body ({@code application/x-www-form-urlencoded}), read as strictly as the API reads JSON: UTF-8 only
 * (bytes that are not, and percent-escapes that do not decode, are refused), each field once, and only the fields the
 * form has.
 */
public final class FormBody {
  /** A body that breaks a rule; the message says which. */
  public static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private FormBody() {
  }

  public static Map<String, String> parse(byte[] body, Set<String> allowed) {
    Map<String, String> fields = new LinkedHashMap<>();
    String text = utf8(body);
    if (text.isEmpty()) {
      return fields;
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!allowed.contains(name)) {
        throw new Malformed("this form has no field '" + name + "'");
      }
      if (fields.put(name, value) != null) {
        throw new Malformed("the field '" + name + "' was sent twice");
      }
    }
    return fields;
  }

  private static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new Malformed("a percent-escape is cut short or not hexadecimal");
        }
        bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else if (c > 127) {
        throw new Malformed("a character outside ASCII is not percent-escaped");
      } else {
        bytes.write(c);
      }
    }
    return utf8(bytes.toByteArray());
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Malformed("the form is not UTF-8");
    }
  }
}
