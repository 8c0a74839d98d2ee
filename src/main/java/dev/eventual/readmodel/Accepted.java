package dev.eventual.readmodel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Commands this node accepted (RabbitMQ confirmed them) that may not be folded yet: lets
 * {@code GET /api/commands/{id}} answer "accepted" and an Idempotency-Key reused by someone else be refused.
 * Bounded; the read model is the lasting record.
 */
public final class Accepted {
  /** {@code fingerprint}: the request's, as {@code Command.fingerprint()}. */
  public record Entry(String commandId, String actor, String type, String listId, long acceptedAtNanos, long fingerprint) {
  }

  private final Map<String, Entry> entries;

  public Accepted(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  public synchronized void put(Entry entry) {
    entries.put(entry.commandId(), entry);
  }

  public synchronized Optional<Entry> get(String commandId) {
    return Optional.ofNullable(entries.get(commandId));
  }
}
