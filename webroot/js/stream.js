import { fullJitter } from './logic/backoff.js';
import { KINDS } from './logic/kinds.js';

/** The events the page folds: `event: <action>` for each kind of kinds.js, and presence (nothing else is folded). */
const ACTIONS = [...Object.keys(KINDS), 'presence'];

/** Close codes the server puts in an `event: close` that mean the session is gone: reconnecting cannot help. */
const SIGNED_OUT = new Set([4001]);

/**
 * Live updates over Server-Sent Events (GET /api/events/stream): the same interface as bus.js's Bus, for networks
 * where the SockJS socket cannot open or keeps dropping. The browser's own reconnect is not used: after an error the
 * stream is closed and opened again with backoff and full jitter, asking to resume after the last cursor it saw
 * (`?lastEventId=`, which a new EventSource cannot send as a header). The server's `reset` verdict is handed on
 * ('reset', cursor): the page reloads. Listeners get what a Bus's get: ('state', state, info), ('registered', address)
 * once the stream is open, ('message', address, body).
 */
export class EventStream {
  constructor(url, { EventSourceImpl = globalThis.EventSource, baseMs = 500, capMs = 30_000, stableMs = 10_000,
    timers = globalThis, now = () => Date.now(), random = Math.random } = {}) {
    Object.assign(this, { url, EventSourceImpl, baseMs, capMs, stableMs, timers, now, random });
    this.addresses = new Set();
    this.handlers = new Set();
    this.state = 'closed';
    this.transport = 'sse';
    this.failures = 0;
    this.reconnects = 0;
    this.suspended = false;
    this.stopped = true;
    this.lastEventId = null;
  }

  on(handler) {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  emit(...args) {
    for (const h of this.handlers) {
      try {
        h(...args);
      } catch (e) {
        console.error('stream handler failed', e);
      }
    }
  }

  setState(state, info = {}) {
    this.state = state;
    this.emit('state', state, { ...info, transport: this.transport });
  }

  start() {
    this.stopped = false;
    if (!this.source) this.connect();
  }

  stop() {
    this.stopped = true;
    this.timers.clearTimeout(this.retryTimer);
    this.close();
    this.setState('closed');
  }

  /** The stream carries the caller's own events: there is nothing to register, only whom to tell it is live. */
  register(address) {
    this.addresses.add(address);
  }

  connect() {
    if (this.stopped || this.suspended || !this.EventSourceImpl) return;
    this.timers.clearTimeout(this.retryTimer);
    this.setState('connecting', { attempt: this.failures + 1 });
    const url = this.lastEventId === null ? this.url : `${this.url}?lastEventId=${encodeURIComponent(this.lastEventId)}`;
    const source = new this.EventSourceImpl(url, { withCredentials: true });
    this.source = source;
    let openedAt = null;
    source.onopen = () => {
      openedAt = this.now();
      const again = this.everOpened;
      this.everOpened = true;
      if (again) this.reconnects += 1;
      this.setState('open', { reconnected: again });
      for (const address of this.addresses) this.emit('registered', address);
    };
    source.onmessage = (e) => this.receive(e);
    source.addEventListener('reset', (e) => {
      this.lastEventId = e.lastEventId || this.lastEventId;
      let verdict = {};
      try {
        verdict = JSON.parse(e.data);
      } catch {
        // a verdict without a body still means reload
      }
      this.emit('reset', verdict.cursor, verdict.reason);
    });
    source.addEventListener('close', (e) => {
      let why = {};
      try {
        why = JSON.parse(e.data);
      } catch {
        // closed without a reason: reconnect
      }
      this.closed(source, openedAt, why.code);
    });
    this.listen(source);
    source.onerror = () => this.closed(source, openedAt, source.readyState === 2 && openedAt === null ? 3000 : undefined);
  }

  /** An EventSource hands a named event only to listeners of its name: one per action the page knows. */
  listen(source) {
    for (const action of ACTIONS) source.addEventListener(action, (e) => this.receive(e));
  }

  closed(source, openedAt, code) {
    if (this.source !== source) return;
    this.close();
    if (SIGNED_OUT.has(code)) {
      this.stopped = true;
      this.setState('closed', { signedOut: true, code });
      return;
    }
    const lived = openedAt === null ? 0 : this.now() - openedAt;
    this.failures = lived >= this.stableMs ? 0 : this.failures + 1;
    if (this.stopped) return;
    if (this.suspended) {
      this.setState('closed', { suspended: true, code });
      return;
    }
    const delay = fullJitter(Math.max(1, this.failures), { baseMs: this.baseMs, capMs: this.capMs }, this.random);
    this.setState('closed', { retryInMs: delay, code: code ?? 3000 });
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
  }

  receive(e) {
    let body;
    try {
      body = JSON.parse(e.data);
    } catch {
      return;
    }
    if (e.lastEventId) this.lastEventId = e.lastEventId;
    for (const address of this.addresses) this.emit('message', address, body);
  }

  close() {
    const source = this.source;
    this.source = null;
    if (source) source.close();
  }

  drop() {
    if (this.source) this.closed(this.source, null, 3000);
  }

  suspend() {
    this.suspended = true;
    this.timers.clearTimeout(this.retryTimer);
    this.close();
    this.setState('closed', { suspended: true });
  }

  resume() {
    this.suspended = false;
    if (!this.source) this.connect();
  }
}
