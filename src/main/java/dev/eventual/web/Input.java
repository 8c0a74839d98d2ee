package dev.eventual.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reading request bodies, the one documented way: a JSON object with only the fields the endpoint names
 * (an unknown field is a 400 naming it), each of the right type and size.
 */
final class Input {
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");

  private final JsonObject json;

  private Input(JsonObject json) {
    this.json = json;
  }

  /** A body that may be absent: no body reads as an empty object. */
  static Input optional(Buffer body, String... allowed) {
    return body == null || body.length() == 0 ? new Input(new JsonObject()) : of(body, allowed);
  }

  static Input of(Buffer body, String... allowed) {
    if (body == null || body.length() == 0) {
      throw Problems.badRequest("malformed-json", "the body must be a JSON object");
    }
    Object parsed;
    try {
      parsed = Buffer.buffer(body.getBytes()).toJsonValue();
    } catch (DecodeException e) {
      throw Problems.badRequest("malformed-json", "the body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw Problems.badRequest("malformed-json", "the body must be a JSON object");
    }
    Set<String> known = Set.of(allowed);
    for (String field : object.fieldNames()) {
      if (!known.contains(field)) {
        throw Problems.badRequest("unknown-field", "unknown field '" + field + "'; allowed: " + String.join(", ", allowed));
      }
    }
    return new Input(object);
  }

  String text(String field, int maxCodePoints) {
    String value = optionalText(field, maxCodePoints);
    if (value == null) {
      throw Problems.badRequest("missing-field", "'" + field + "' is required");
    }
    return value;
  }

  String optionalText(String field, int maxCodePoints) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw Problems.badRequest("wrong-type", "'" + field + "' must be a string");
    }
    String trimmed = s.strip();
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length == 0 || length > maxCodePoints) {
      throw Problems.badRequest("invalid-field", "'" + field + "' must be 1 to " + maxCodePoints + " characters");
    }
    if (trimmed.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0xFFFD
      || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.UNASSIGNED)) {
      throw Problems.badRequest("invalid-field", "'" + field + "' contains control or invalid characters");
    }
    return trimmed;
  }

  Boolean optionalBoolean(String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw Problems.badRequest("wrong-type", "'" + field + "' must be true or false");
    }
    return (Boolean) value;
  }

  Long optionalVersion(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw Problems.badRequest("wrong-type", "'" + field + "' must be a whole number >= 0");
    }
    return ((Number) value).longValue();
  }

  double optionalRate(String field, double fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
      throw Problems.badRequest("invalid-field", "'" + field + "' must be a number from 0 to 1");
    }
    return n.doubleValue();
  }

  long optionalMillis(String field, long fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
      || ((Number) value).longValue() > 60_000) {
      throw Problems.badRequest("invalid-field", "'" + field + "' must be whole milliseconds from 0 to 60000");
    }
    return ((Number) value).longValue();
  }

  String string(String field, int maxLength) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || s.length() > maxLength) {
      throw Problems.badRequest("missing-field", "'" + field + "' must be a string of at most " + maxLength + " characters");
    }
    return s;
  }

  String password(String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || s.length() < 8 || s.length() > 256) {
      throw Problems.badRequest("invalid-field", "'" + field + "' must be a string of 8 to 256 characters");
    }
    return s;
  }

  String username(String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || !USERNAME.matcher(s).matches()) {
      throw Problems.badRequest("invalid-field", "'" + field + "' must be 3 to 32 of a-z 0-9 _ . -");
    }
    return s;
  }

  static boolean isUuid(String s) {
    return s != null && UUID_TEXT.matcher(s).matches();
  }

  static String uuid(String s) {
    return isUuid(s) ? UUID.fromString(s).toString() : null;
  }
}
