package dev.eventual.config;

/** A configuration key: its name, its default, what it means, and the environment variable that sets it. */
public record ConfigKey(String name, String defaultValue, String description) {
  public String envName() {
    return "EVENTUAL_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
  }
}
