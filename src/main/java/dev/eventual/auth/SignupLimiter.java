package dev.eventual.auth;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits on signing up, shared by the HTTP verticles of a node. Every sign-up that reaches the hashing counts
 * against its client address, a taken name as much as a free one, so sign-up is no cheap oracle for which names exist
 * (it must say a name is taken; it says so at the price of a sign-up). A bounded number may wait for the hashing pool
 * at once; beyond it the answer is 503, at once, rather than a queue that grows with the load.
 */
public final class SignupLimiter {
  /** Threads of sign-up's own hashing pool: a quarter of the cores, so sign-in and the rest of the node keep theirs. */
  public static final int HASH_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
  /** Sign-ups that may wait for that pool at once: with 210,000 iterations, a few seconds of hashing per thread. */
  static final int MAX_WAITING = 16 * HASH_THREADS;
  private static final long HOUR_MS = 3_600_000;

  private final int perAddress;
  private final Recent attempts;
  private final AtomicInteger waiting = new AtomicInteger();

  public SignupLimiter(int perAddressPerHour) {
    this.perAddress = perAddressPerHour;
    this.attempts = new Recent(HOUR_MS, perAddressPerHour);
  }

  /** 0 when a sign-up from this address may go ahead (and counts it), else the seconds until one may. */
  public synchronized long tryAcquire(String address, long nowMs) {
    if (attempts.count(address, nowMs) >= perAddress) {
      return Math.max(1, (attempts.oldest(address) + HOUR_MS - nowMs + 999) / 1000);
    }
    attempts.add(address, nowMs);
    return 0;
  }

  /** Whether one more sign-up may wait for the hashing pool; if so, {@link #leave} once it has its hash. */
  public boolean enter() {
    if (waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      return false;
    }
    return true;
  }

  public void leave() {
    waiting.decrementAndGet();
  }
}
