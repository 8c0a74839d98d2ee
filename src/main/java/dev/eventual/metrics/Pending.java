package dev.eventual.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Commands this node accepted whose outcome it has not folded yet, by partition: how many, and how long the oldest
 * has waited. Counted when scraped; an outcome folded before its command's confirm came back (so never settled here)
 * is found then, by asking the read model. Bounded: past the cap newer commands go uncounted, the oldest stay.
 */
final class Pending {
  private static final int CAP = 100_000;

  private record Entry(int partition, long acceptedAtNanos) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Predicate<String> decided;
  private final long[] counts;
  private final double[] oldestSeconds;

  Pending(int partitions, Predicate<String> decided) {
    this.decided = decided;
    this.counts = new long[partitions];
    this.oldestSeconds = new double[partitions];
  }

  void accepted(String commandId, int partition, long acceptedAtNanos) {
    if (partition >= 0 && partition < counts.length && entries.size() < CAP) {
      entries.put(commandId, new Entry(partition, acceptedAtNanos));
    }
  }

  void settled(String commandId) {
    entries.remove(commandId);
  }

  /** Counts again, for a scrape. */
  synchronized void count() {
    long now = System.nanoTime();
    java.util.Arrays.fill(counts, 0);
    java.util.Arrays.fill(oldestSeconds, 0);
    entries.entrySet().removeIf(e -> decided.test(e.getKey()));
    entries.values().forEach(e -> {
      counts[e.partition()]++;
      oldestSeconds[e.partition()] = Math.max(oldestSeconds[e.partition()], (now - e.acceptedAtNanos()) / 1e9);
    });
  }

  synchronized long count(int partition) {
    return counts[partition];
  }

  synchronized double oldestSeconds(int partition) {
    return oldestSeconds[partition];
  }
}
