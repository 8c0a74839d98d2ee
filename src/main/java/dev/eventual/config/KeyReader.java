package dev.eventual.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads each key of a raw configuration under its rule, or its default when unset, and notes the key it declared
 * on the way: reading the defaults is how {@link Settings#KEYS} comes to know every key. A bad value is one line.
 */
final class KeyReader {
  private final JsonObject raw;
  private final List<ConfigKey> declared = new ArrayList<>();

  KeyReader(JsonObject raw) {
    this.raw = raw;
  }

  List<ConfigKey> declared() {
    return declared;
  }

  String string(String key, String defaultValue, String meaning) {
    if (declared.stream().anyMatch(k -> k.name().equals(key))) {
      throw new IllegalStateException("config key " + key + " is declared twice");
    }
    declared.add(new ConfigKey(key, defaultValue, meaning));
    Object value = raw.getValue(key);
    return value == null ? defaultValue : String.valueOf(value).trim();
  }

  int integer(String key, String defaultValue, int min, int max, String meaning) {
    String s = string(key, defaultValue, meaning);
    try {
      int value = Integer.parseInt(s);
      if (value < min || value > max) {
        throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + s + "'");
    }
  }

  double rate(String key, String defaultValue, String meaning) {
    String s = string(key, defaultValue, meaning);
    try {
      double value = Double.parseDouble(s);
      if (!(value >= 0 && value <= 1)) {
        throw new ConfigException(key + " must be between 0 and 1, got " + s);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number between 0 and 1, got '" + s + "'");
    }
  }

  /** N or MIN-MAX milliseconds, as {@code {min, max}}. */
  int[] range(String key, String defaultValue, String meaning) {
    String s = string(key, defaultValue, meaning);
    String[] parts = s.split("-", -1);
    try {
      int min = Integer.parseInt(parts[0].trim());
      int max = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : min;
      if (parts.length > 2 || min < 0 || max < min || max > 60_000) {
        throw new NumberFormatException();
      }
      return new int[] {min, max};
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be N or MIN-MAX milliseconds (0..60000), got '" + s + "'");
    }
  }

  boolean bool(String key, String defaultValue, String meaning) {
    String s = string(key, defaultValue, meaning).toLowerCase();
    if (!s.equals("true") && !s.equals("false")) {
      throw new ConfigException(key + " must be true or false, got '" + s + "'");
    }
    return Boolean.parseBoolean(s);
  }

  List<String> list(String key, String defaultValue, String meaning) {
    String s = string(key, defaultValue, meaning);
    return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
  }

  String amqpUri(String key, String defaultValue, String meaning) {
    String s = string(key, defaultValue, meaning);
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !List.of("amqp", "amqps").contains(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException(key + " must look like amqp://user:pass@host:5672/vhost, got '" + s + "'");
    }
    return s;
  }

  /** {@code host:port,host:port,...} */
  List<String> addresses(String key, String defaultValue, String meaning) {
    List<String> list = list(key, defaultValue, meaning);
    for (String a : list) {
      int colon = a.lastIndexOf(':');
      boolean ok = colon > 0;
      if (ok) {
        try {
          int port = Integer.parseInt(a.substring(colon + 1));
          ok = port > 0 && port < 65536;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new ConfigException(key + " must be host:port,host:port,..., got '" + a + "'");
      }
    }
    return list;
  }

  String oneOf(String key, String defaultValue, List<String> allowed, String meaning) {
    String s = string(key, defaultValue, meaning);
    if (!allowed.contains(s)) {
      throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
    }
    return s;
  }

  String matching(String key, String defaultValue, Pattern pattern, String rule, String meaning) {
    String s = string(key, defaultValue, meaning);
    if (!pattern.matcher(s).matches()) {
      throw new ConfigException(key + " must be " + rule + ", got '" + s + "'");
    }
    return s;
  }
}
