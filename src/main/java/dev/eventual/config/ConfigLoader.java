package dev.eventual.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Defaults, then an optional JSON file ({@code --config FILE} or EVENTUAL_CONFIG), then env, then flags. */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  public static JsonObject load(String[] args, Map<String, String> env) {
    Set<String> known = Settings.KEYS.stream().map(ConfigKey::name).collect(Collectors.toSet());
    JsonObject flags = parseFlags(args, known);
    JsonObject merged = new JsonObject();
    String file = flags.containsKey("config") ? flags.getString("config") : env.get("EVENTUAL_CONFIG");
    if (file != null && !file.isBlank()) {
      JsonObject fromFile = readFile(Path.of(file));
      for (String key : fromFile.fieldNames()) {
        if (!known.contains(key)) {
          throw new ConfigException("unknown key '" + key + "' in " + file + " (known: " + String.join(", ", sorted(known)) + ")");
        }
        merged.put(key, String.valueOf(fromFile.getValue(key)));
      }
    }
    for (ConfigKey key : Settings.KEYS) {
      String value = env.get(key.envName());
      if (value != null) {
        merged.put(key.name(), value);
      }
    }
    flags.remove("config");
    merged.mergeIn(flags);
    Settings.from(merged);
    return merged;
  }

  private static JsonObject parseFlags(String[] args, Set<String> known) {
    JsonObject flags = new JsonObject();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "' (flags look like --http.port=8080)");
      }
      String body = arg.substring(2);
      String key;
      String value;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        key = body.substring(0, eq);
        value = body.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        key = body;
        value = args[++i];
      } else {
        throw new ConfigException("flag --" + body + " needs a value");
      }
      if (!known.contains(key) && !key.equals("config")) {
        throw new ConfigException("unknown flag --" + key + " (known: " + String.join(", ", sorted(known)) + ")");
      }
      flags.put(key, value);
    }
    return flags;
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("config file " + path + " is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static java.util.List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
