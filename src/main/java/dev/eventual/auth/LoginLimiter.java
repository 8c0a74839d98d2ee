package dev.eventual.auth;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding one-minute windows of login attempts per username and per client address, shared by the HTTP
 * verticles of a node. {@link #tryAcquire} answers 0 when the attempt may go ahead, else the seconds to wait.
 */
public final class LoginLimiter {
  private static final long WINDOW_MS = 60_000;
  private static final int MAX_KEYS = 100_000;

  private final int perUser;
  private final int perAddress;
  private final Map<String, ArrayDeque<Long>> attempts = new ConcurrentHashMap<>();

  public LoginLimiter(int perUser, int perAddress) {
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  public long tryAcquire(String username, String address, long nowMs) {
    if (attempts.size() > MAX_KEYS) {
      attempts.entrySet().removeIf(e -> newest(e.getValue()) < nowMs - WINDOW_MS);
    }
    long waitUser = waitFor("u:" + username, perUser, nowMs);
    long waitAddress = waitFor("a:" + address, perAddress, nowMs);
    if (waitUser > 0 || waitAddress > 0) {
      return Math.max(waitUser, waitAddress);
    }
    record("u:" + username, nowMs);
    record("a:" + address, nowMs);
    return 0;
  }

  private long waitFor(String key, int limit, long nowMs) {
    ArrayDeque<Long> window = attempts.get(key);
    if (window == null) {
      return 0;
    }
    synchronized (window) {
      while (!window.isEmpty() && window.peekFirst() <= nowMs - WINDOW_MS) {
        window.pollFirst();
      }
      return window.size() < limit ? 0 : Math.max(1, (window.peekFirst() + WINDOW_MS - nowMs + 999) / 1000);
    }
  }

  private void record(String key, long nowMs) {
    ArrayDeque<Long> window = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (window) {
      window.addLast(nowMs);
    }
  }

  private static long newest(ArrayDeque<Long> window) {
    synchronized (window) {
      return window.isEmpty() ? 0 : window.peekLast();
    }
  }
}
