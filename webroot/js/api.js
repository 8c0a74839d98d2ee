import { RETRY, isRetryable, nextDelay, retryAfterMs } from './logic/backoff.js';
import { CircuitBreaker } from './logic/breaker.js';

/**
 * The only module that talks HTTP. Every request has a timeout; commands carry their Idempotency-Key and
 * are retried with it on network errors, 5xx and 429 only. A client circuit breaker stops sending
 * after repeated failures, so an outage costs one probe per cool-down instead of a storm. A 429 is no failure of the
 * server: it holds every command of this page back until its Retry-After has passed, and leaves the breaker alone.
 */
export class HttpError extends Error {
  constructor(status, problem, { retryable = false, networkError = false, breakerOpen = false, retryAt = 0 } = {}) {
    super(problem?.detail ?? problem?.title ?? (networkError ? 'network error' : `HTTP ${status}`));
    Object.assign(this, { status, problem, retryable, networkError, breakerOpen, retryAt });
  }
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

export class Api {
  constructor({ base = '', fetchFn = (...a) => globalThis.fetch(...a), breaker = new CircuitBreaker(),
    timeoutMs = 10_000, policy = RETRY, wait = sleep, random = Math.random, now = () => Date.now() } = {}) {
    Object.assign(this, { base, fetchFn, breaker, timeoutMs, policy, wait, random, now });
    /** Until when (epoch ms) the server asked this page to send no command: the last 429's Retry-After. */
    this.heldUntil = 0;
    this.listeners = new Set();
    this.signedOut = new Set();
    this.servedAt = 0;
  }

  /** Hears about a 401 on any call but signing in itself: the session is gone. Returns the way to stop. */
  onSignedOut(listener) {
    this.signedOut.add(listener);
    return () => this.signedOut.delete(listener);
  }

  /** Hears about every failed attempt ({method, path, attempt, error, key}); returns the way to stop. */
  onAttempt(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One request, retried as the policy allows; resolves {status, body, headers} or throws HttpError. */
  async request(method, path, { body, idempotencyKey, traceparent, timeoutMs = this.timeoutMs, retry = true, signal,
    useBreaker = true, keepalive = false, probe = false } = {}) {
    for (let attempt = 1; ; attempt += 1) {
      let error;
      try {
        return await this.once(method, path, { body, idempotencyKey, traceparent, timeoutMs, signal, useBreaker, keepalive, probe });
      } catch (e) {
        error = e;
      }
      this.listeners.forEach((l) => l({ method, path, attempt, error, key: idempotencyKey }));
      if (!retry || !error.retryable || signal?.aborted) throw error;
      const delay = error.breakerOpen ? null : nextDelay(attempt, error.retryAfter ?? null, this.policy, this.random);
      if (delay === null) throw error;
      await this.wait(delay, signal);
    }
  }

  async once(method, path, { body, idempotencyKey, traceparent, timeoutMs, signal, useBreaker = true, keepalive = false,
    probe = false }) {
    if (idempotencyKey && this.heldUntil > this.now()) await this.wait(this.heldUntil - this.now(), signal);
    // An admin request bypasses the breaker: turning chaos off must work while chaos keeps the breaker open.
    const breaker = useBreaker ? this.breaker : { acquire: () => true, release() {}, failure() {}, success() {} };
    if (!breaker.acquire()) {
      throw new HttpError(0, { detail: 'the server is unreachable; paused until it answers again' },
        { retryable: true, breakerOpen: true, retryAt: this.breaker.retryAt });
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const onOuterAbort = () => abort.abort();
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    const headers = { Accept: 'application/json' };
    if (body !== undefined && body !== null) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (traceparent) headers.traceparent = traceparent;
    let response;
    try {
      response = await this.fetchFn(this.base + path, { method, headers, credentials: 'same-origin', keepalive,
        body: body === undefined || body === null ? undefined : JSON.stringify(body), signal: abort.signal });
    } catch (e) {
      if (signal?.aborted) {
        breaker.release();
        throw new HttpError(0, { detail: 'cancelled' }, { networkError: true });
      }
      breaker.failure();
      const timedOut = abort.signal.aborted;
      throw new HttpError(0, { detail: timedOut ? `no answer within ${timeoutMs} ms` : 'network error' },
        { retryable: true, networkError: true });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuterAbort);
    }
    const parsed = await readBody(response);
    if (response.status === 401 && !path.startsWith('/api/auth/')) this.signedOut.forEach((l) => l());
    const retryable = isRetryable({ status: response.status });
    const retryAfter = retryAfterMs(response.headers.get('Retry-After'));
    if (response.status === 429) {
      if (idempotencyKey) this.heldUntil = Math.max(this.heldUntil, this.now() + (retryAfter ?? 1000));
      breaker.release();
    } else if (retryable) breaker.failure();
    else breaker.success({ probe });
    // When a command last went through: what ends an outage (logic/outage.js), more than a probe's answer.
    if (response.ok && idempotencyKey) this.servedAt = Date.now();
    if (response.ok) return { status: response.status, body: parsed, headers: response.headers };
    const error = new HttpError(response.status, parsed, { retryable });
    error.retryAfter = retryAfter;
    throw error;
  }

  get(path, options) {
    return this.request('GET', path, options);
  }

  /** A command: sent with its commandId as Idempotency-Key and its trace as W3C traceparent on every attempt. */
  command(cmd, options = {}) {
    const { method, path, body } = cmd.request;
    return this.request(method, path, { ...options, body, idempotencyKey: cmd.commandId, traceparent: cmd.traceparent });
  }

  /** Asks whether the server answers at all; used to close the breaker after an outage. */
  probe() {
    return this.request('GET', '/health', { retry: false, timeoutMs: 3000, probe: true });
  }

  // Plain calls for the app; not retried where a repeat would be pointless or unsafe.
  me() { return this.get('/api/me', { retry: false }); }
  signup(username, password, key) {
    return this.request('POST', '/api/auth/signup', { body: { username, password }, idempotencyKey: key });
  }
  login(username, password) { return this.request('POST', '/api/auth/login', { body: { username, password }, retry: false }); }
  /** Not held back by the breaker: signing out must work while commands fail. */
  logout() { return this.request('POST', '/api/auth/logout', { retry: false, useBreaker: false }); }
  /**
   * "This tab is looking at this list" (here) or "it left"; best effort, never retried (keepalive: as the page closes).
   * Each tab of a user is a viewer of its own, so one of two tabs closing does not hide the user.
   */
  presence(listId, here, { keepalive = false, tab = '' } = {}) {
    const q = tab ? `?tab=${encodeURIComponent(tab)}` : '';
    return this.request(here ? 'PUT' : 'DELETE', `/api/lists/${encodeURIComponent(listId)}/presence${q}`,
      { retry: false, timeoutMs: 5000, keepalive });
  }
  lists() { return this.get('/api/lists'); }
  invitations() { return this.get('/api/invitations'); }
  list(listId, minVersion) {
    const q = minVersion ? `?minVersion=${minVersion}` : '';
    return this.get(`/api/lists/${encodeURIComponent(listId)}${q}`);
  }
  commandStatus(commandId) { return this.get(`/api/commands/${encodeURIComponent(commandId)}`); }
  events(after, options) { return this.get(`/api/events?after=${after}`, options); }
  config() { return this.get('/api/config'); }
  setChaos(settings) { return this.request('POST', '/api/admin/chaos', { body: settings, retry: false, useBreaker: false }); }
}

async function readBody(response) {
  const text = await response.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}
