package dev.eventual.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * Failed sign-ins, remembered for a window, slow down whoever makes them, never the user they aim at. An attempt
 * counts as a failure from the moment it is let through until it turns out right ({@link #succeeded}), so a burst
 * of concurrent guesses is counted before any is answered. Shared by the HTTP verticles of a node.
 * <ul>
 *   <li>Past {@code perPair} failures for one username from one address, that pair waits 1 s, 2 s, 4 s, … after
 *   each further failure: the user's own typos cost seconds, an attacker's guesses at one account from one address
 *   stay a handful per window.</li>
 *   <li>Past {@code perAddress} failures from one address (any usernames), the same for that address.</li>
 *   <li>Past {@code perUser} failures for one username (all addresses), attempts at it from addresses that have
 *   failed on it get through one a second: a guess per second at most, however many addresses guess.</li>
 *   <li>An address without failures on a username is never held back for that username's sake: the user gets in
 *   while someone else is guessing their password.</li>
 * </ul>
 */
public final class LoginLimiter {
  private static final int KEPT = 64;
  private static final long GATE_MS = 1_000;

  private final int perPair;
  private final int perAddress;
  private final int perUser;
  private final Recent failures;
  private final Map<String, Long> gates = new HashMap<>();

  public LoginLimiter(int perPair, int perAddress, int perUser, long windowMs) {
    this.perPair = perPair;
    this.perAddress = perAddress;
    this.perUser = perUser;
    this.failures = new Recent(windowMs, Math.max(KEPT, Math.max(perPair, Math.max(perAddress, perUser)) + 1));
  }

  /** 0 when the attempt may go ahead (and counts as a failure until {@link #succeeded}), else the seconds to wait. */
  public synchronized long tryAcquire(String username, String address, long nowMs) {
    String pair = "p:" + username + "\n" + address;
    String addr = "a:" + address;
    String user = "u:" + username;
    int pairFailures = failures.count(pair, nowMs);
    long wait = Math.max(backoff(pair, pairFailures - perPair, nowMs), backoff(addr, failures.count(addr, nowMs) - perAddress, nowMs));
    if (wait > 0) {
      return seconds(wait);
    }
    if (pairFailures > 0 && failures.count(user, nowMs) >= perUser) {
      Long open = gates.get(username);
      if (open != null && open > nowMs) {
        return seconds(open - nowMs);
      }
      if (gates.size() > 100_000) {
        gates.values().removeIf(t -> t <= nowMs);
      }
      gates.put(username, nowMs + GATE_MS);
    }
    failures.add(pair, nowMs);
    failures.add(addr, nowMs);
    failures.add(user, nowMs);
    return 0;
  }

  /** The attempt let through at {@code atMs} was right: it was no failure, and this address knows the password. */
  public synchronized void succeeded(String username, String address, long atMs) {
    failures.clear("p:" + username + "\n" + address);
    failures.remove("a:" + address, atMs);
    failures.remove("u:" + username, atMs);
  }

  /** How long a key past its limit by {@code over} must still wait after its last failure: 0 at or under the limit. */
  private long backoff(String key, int over, long nowMs) {
    if (over < 0) {
      return 0;
    }
    long delay = Math.min(failures.windowMs(), GATE_MS << Math.min(over, 20));
    return failures.newest(key) + delay - nowMs;
  }

  private static long seconds(long ms) {
    return Math.max(1, (ms + 999) / 1000);
  }
}
