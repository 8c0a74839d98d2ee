/** Retry timing: exponential backoff with full jitter, and the server's Retry-After when it sends one. */
export const RETRY = Object.freeze({ baseMs: 250, capMs: 8000, attempts: 6 });

/** Delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base * 2^(attempt-1))). */
export function fullJitter(attempt, { baseMs = RETRY.baseMs, capMs = RETRY.capMs } = {}, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header, now = Date.now()) {
  if (header == null || header === '') return null;
  const text = String(header).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Only what may succeed when repeated unchanged: network errors, timeouts, 5xx and 429. Never other 4xx. */
export function isRetryable({ status = null, networkError = false } = {}) {
  if (networkError) return true;
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * The wait before the next attempt, or null when no attempt is left.
 * `attempt` counts attempts made so far; Retry-After wins when it asks for longer than the jitter.
 */
export function nextDelay(attempt, retryAfter, policy = RETRY, random = Math.random) {
  if (attempt >= policy.attempts) return null;
  const jitter = fullJitter(attempt, policy, random);
  return retryAfter == null ? jitter : Math.min(Math.max(jitter, retryAfter), 60_000);
}
