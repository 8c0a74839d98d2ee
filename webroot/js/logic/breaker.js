/**
 * Client circuit breaker. Closed: requests flow. After `threshold` consecutive failures it opens for a
 * cool-down; then it is half-open and lets exactly one probe through. A success closes it; a failed probe
 * opens it again with a longer cool-down (doubling up to `maxCooldownMs`). A success that proves only that the server
 * answers (`{probe: true}`: a health check) closes it without forgetting the cool-down: should it open again before a
 * real request succeeded, the cool-down doubles, so a server that answers probes but fails commands is asked less and
 * less often instead of every few seconds.
 */
export class CircuitBreaker {
  constructor({ threshold = 5, cooldownMs = 5000, maxCooldownMs = 60_000, now = () => Date.now() } = {}) {
    Object.assign(this, { threshold, baseCooldownMs: cooldownMs, maxCooldownMs, now });
    this.failures = 0;
    this.cooldownMs = cooldownMs;
    this.openedAt = null;
    this.probing = false;
    this.listeners = new Set();
  }

  get state() {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** When an open breaker will let a probe through (epoch ms), or 0 if it is not open. */
  get retryAt() {
    return this.openedAt === null ? 0 : this.openedAt + this.cooldownMs;
  }

  /** Asks to send one request; in half-open only the first caller (the probe) gets a yes. */
  acquire() {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  success({ probe = false } = {}) {
    const was = this.state;
    this.failures = 0;
    this.openedAt = null;
    this.probing = false;
    this.unproven = probe && (this.unproven || was !== 'closed');
    if (!this.unproven) this.cooldownMs = this.baseCooldownMs;
    if (was !== 'closed') this.emit();
  }

  failure() {
    this.failures += 1;
    if (this.probing) {
      this.probing = false;
      this.cooldownMs = Math.min(this.maxCooldownMs, this.cooldownMs * 2);
      this.openedAt = this.now();
      this.emit();
    } else if (this.openedAt === null && this.failures >= this.threshold) {
      if (this.unproven) this.cooldownMs = Math.min(this.maxCooldownMs, this.cooldownMs * 2);
      this.openedAt = this.now();
      this.emit();
    }
  }

  /** A request that was let through but never ran (aborted by the caller) gives its probe slot back. */
  release() {
    this.probing = false;
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit() {
    for (const listener of this.listeners) listener(this.state);
  }
}
