package dev.eventual.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which partitions each processor instance of this node is active on (fenced and deciding): the processors tell it,
 * {@code /health} reads it.
 */
public final class PartitionActivity {
  private final Map<String, Set<Integer>> active = new ConcurrentHashMap<>();

  public void active(String instance, int partition) {
    active.computeIfAbsent(instance, k -> ConcurrentHashMap.newKeySet()).add(partition);
  }

  public void inactive(String instance, int partition) {
    Set<Integer> mine = active.get(instance);
    if (mine != null) {
      mine.remove(partition);
    }
  }

  public void gone(String instance) {
    active.remove(instance);
  }

  /** Every partition a processor of this node is active on. */
  public List<Integer> active() {
    Set<Integer> all = new TreeSet<>();
    active.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  /** Each instance of this node and the partitions it is active on. */
  public Map<String, List<Integer>> byInstance() {
    Map<String, List<Integer>> result = new TreeMap<>();
    active.forEach((instance, partitions) -> result.put(instance, List.copyOf(new TreeSet<>(partitions))));
    return result;
  }
}
