package dev.eventual.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast one user's commands come into this node: a token bucket per user, shared by the node's HTTP verticles, so
 * that one account cannot take a node's throughput from everyone else. {@code perSecond} tokens come back each second,
 * up to {@code burst}; a command takes one, or waits (429 + Retry-After). Buckets that are full again are forgotten.
 */
public final class CommandRate {
  private static final int SWEEP_ABOVE = 10_000;

  private final int perSecond;
  private final double perNano;
  private final int burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  public CommandRate(int perSecond, int burst) {
    this.perSecond = perSecond;
    this.perNano = perSecond / 1e9;
    this.burst = burst;
  }

  public int perSecond() {
    return perSecond;
  }

  public int burst() {
    return burst;
  }

  /** 0 when {@code userId} may send a command now (and takes its token), else the whole seconds until it may. */
  public long tryAcquire(String userId, long nowNanos) {
    if (buckets.size() > SWEEP_ABOVE) {
      buckets.entrySet().removeIf(e -> refilled(e.getValue(), nowNanos) >= burst);
    }
    Bucket b = buckets.computeIfAbsent(userId, u -> new Bucket(burst, nowNanos));
    synchronized (b) {
      b.tokens = refilled(b, nowNanos);
      b.at = nowNanos;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
    }
  }

  private double refilled(Bucket b, long nowNanos) {
    synchronized (b) {
      return Math.min(burst, b.tokens + Math.max(0, nowNanos - b.at) * perNano);
    }
  }
}
