import { fullJitter } from './logic/backoff.js';

/** A register that asks Eventual to answer {type: 'registered'} once the address is live (the stock client does not ask). */
const registerFrame = (address) => ({ type: 'register', address, headers: { ack: 'true' } });

/** Close codes that mean the session is gone (ended: 4001; none at all: 1008): reconnecting cannot help. */
const SIGNED_OUT = new Set([4001, 1008]);

/**
 * A small client for the Vert.x event-bus bridge over SockJS: register addresses, ping so the server keeps
 * the socket, reconnect with backoff and full jitter and register again. A socket that closes soon after opening
 * failed as much as one that never opened, so a server that refuses at once is not asked twice a second; a close that
 * says the session is gone stops it for good. States: connecting, open, closed.
 * Listeners get ('state', state, info) and ('message', address, body); info.signedOut on a close for good.
 */
export class Bus {
  constructor(url, { SockJSImpl = globalThis.SockJS, pingMs = 10_000, baseMs = 500, capMs = 30_000, stableMs = 10_000,
    timers = globalThis, now = () => Date.now(), random = Math.random } = {}) {
    Object.assign(this, { url, SockJSImpl, pingMs, baseMs, capMs, stableMs, timers, now, random });
    this.addresses = new Set();
    this.handlers = new Set();
    this.state = 'closed';
    this.failures = 0;
    this.transport = 'websocket';
    this.reconnects = 0;
    this.suspended = false;
    this.stopped = true;
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
        console.error('bus handler failed', e);
      }
    }
  }

  setState(state, info = {}) {
    this.state = state;
    this.emit('state', state, info);
  }

  start() {
    this.stopped = false;
    if (!this.sock) this.connect();
  }

  stop() {
    this.stopped = true;
    this.timers.clearTimeout(this.retryTimer);
    this.close();
    this.setState('closed');
  }

  register(address) {
    this.addresses.add(address);
    this.send(registerFrame(address));
  }

  connect() {
    if (this.stopped || this.suspended || !this.SockJSImpl) return;
    this.timers.clearTimeout(this.retryTimer);
    this.setState('connecting', { attempt: this.failures + 1 });
    const sock = new this.SockJSImpl(this.url, null, { transports: ['websocket', 'xhr-streaming', 'xhr-polling'] });
    this.sock = sock;
    let openedAt = null;
    sock.onopen = () => {
      openedAt = this.now();
      this.transport = sock.transport ?? 'websocket';
      const again = this.everOpened;
      this.everOpened = true;
      for (const address of this.addresses) this.send(registerFrame(address));
      this.pinger = this.timers.setInterval(() => this.send({ type: 'ping' }), this.pingMs);
      if (again) this.reconnects += 1;
      this.setState('open', { reconnected: again });
    };
    sock.onmessage = (e) => this.receive(e.data);
    sock.onclose = (e) => {
      if (this.sock !== sock) return;
      this.timers.clearInterval(this.pinger);
      this.sock = null;
      if (SIGNED_OUT.has(e?.code)) {
        this.stopped = true;
        this.setState('closed', { signedOut: true, code: e.code });
        return;
      }
      const lived = openedAt === null ? 0 : this.now() - openedAt;
      this.failures = lived >= this.stableMs ? 0 : this.failures + 1;
      this.scheduleReconnect(e?.code);
    };
  }

  scheduleReconnect(code) {
    if (this.stopped) return;
    if (this.suspended) {
      this.setState('closed', { suspended: true, code });
      return;
    }
    const delay = fullJitter(Math.max(1, this.failures), { baseMs: this.baseMs, capMs: this.capMs }, this.random);
    this.setState('closed', { retryInMs: delay, code });
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
  }

  receive(data) {
    let frame;
    try {
      frame = typeof data === 'string' ? JSON.parse(data) : data;
    } catch {
      return;
    }
    if (frame.type === 'rec' || frame.type === 'message') this.emit('message', frame.address, frame.body);
    else if (frame.type === 'registered') this.emit('registered', frame.address);
    else if (frame.type === 'err') this.emit('error', frame.body, frame.address);
  }

  send(frame) {
    if (this.sock && this.sock.readyState === 1) this.sock.send(JSON.stringify(frame));
  }

  close() {
    this.timers.clearInterval(this.pinger);
    const sock = this.sock;
    this.sock = null;
    if (sock) {
      try {
        sock.close();
      } catch {
        // already closed
      }
    }
  }

  /** Debug/test hook: the socket dies as if the network dropped it; the bus reconnects by itself. */
  drop() {
    const sock = this.sock;
    if (sock) sock.close();
  }

  /** Debug/test hook: close and stay closed until resume(), so events can be missed on purpose. */
  suspend() {
    this.suspended = true;
    this.timers.clearTimeout(this.retryTimer);
    if (this.sock) this.sock.close();
    else this.setState('closed', { suspended: true });
  }

  resume() {
    this.suspended = false;
    if (!this.sock) this.connect();
  }
}
