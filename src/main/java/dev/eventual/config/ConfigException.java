package dev.eventual.config;

/** Bad configuration: its message is the one line a person sees before the process exits. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
