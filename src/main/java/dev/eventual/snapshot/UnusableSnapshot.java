package dev.eventual.snapshot;

/** A snapshot that must not be used: corrupt, truncated, of another format, schema, namespace or stream. */
public final class UnusableSnapshot extends Exception {
  public UnusableSnapshot(String reason) {
    super(reason, null, false, false);
  }
}
