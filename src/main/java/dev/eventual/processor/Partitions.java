package dev.eventual.processor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which partitions this node's processor instances are active on (fenced and deciding), for {@code /health}. */
public final class Partitions {
  private final Map<Integer, Object> active = new ConcurrentHashMap<>();

  void active(int partition, Object instance) {
    active.put(partition, instance);
  }

  void inactive(int partition, Object instance) {
    active.remove(partition, instance);
  }

  public List<Integer> active() {
    return active.keySet().stream().sorted().toList();
  }
}
