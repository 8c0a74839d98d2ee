package dev.eventual.web;

import dev.eventual.domain.Field;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading request bodies, the one documented way: a JSON object ({@link StrictJson}) with only the fields the
 * endpoint names (an unknown field is a 400 naming it), each of the right type and size.
 */
final class Input {
  private final JsonObject json;

  private Input(JsonObject json) {
    this.json = json;
  }

  /** A body that may be absent: no body reads as an empty object. */
  static Input optional(Buffer body, List<String> allowed) {
    return body == null || body.length() == 0 ? new Input(new JsonObject()) : of(body, allowed);
  }

  static Input of(Buffer body, String... allowed) {
    return of(body, List.of(allowed));
  }

  static Input of(Buffer body, List<String> allowed) {
    if (body == null || body.length() == 0) {
      throw Problems.badRequest("malformed-json", "the body must be a JSON object");
    }
    if (!(StrictJson.parse(body.getBytes()) instanceof Map<?, ?> map)) {
      throw Problems.badRequest("malformed-json", "the body must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    JsonObject object = new JsonObject((Map<String, Object>) map);
    Set<String> known = Set.copyOf(allowed);
    for (String field : object.fieldNames()) {
      if (!known.contains(field)) {
        throw Problems.badRequest("unknown-field", "unknown field '" + field + "'; allowed: " + String.join(", ", allowed));
      }
    }
    return new Input(object);
  }

  /** The field as sent (null when absent), for a rule of the command table to read. */
  Object value(String field) {
    return json.getValue(field);
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

  /** The field read under {@code rule}; a value that breaks it is a 400 that says why. */
  Object read(Field rule) {
    try {
      return rule.read(json.getValue(rule.name()));
    } catch (Field.Invalid e) {
      throw Problems.invalid(e);
    }
  }
}
