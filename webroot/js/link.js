/** After this many failed opens in a row, or drops within DROP_WINDOW_MS, the socket is given up for the stream. */
export const SOCKET_FAILURES = 3;
export const DROPS = 3;
export const DROP_WINDOW_MS = 120_000;

/**
 * Live updates over whichever transport works: the SockJS socket (bus.js) first, Server-Sent Events (stream.js) once
 * the socket cannot open or keeps dropping — a network that strips Upgrade and a proxy that buffers XHR streams look
 * like that —, or at once when the person chose it (`prefer`: 'auto', 'socket', 'sse'; the page remembers it).
 * Commands go over HTTP either way. It has a Bus's interface; every 'state' says which transport it is about.
 */
export class Link {
  constructor({ socket, stream, prefer = 'auto', now = () => Date.now(), probe = async () => true }) {
    Object.assign(this, { makeSocket: socket, makeStream: stream, prefer, now, probe });
    this.handlers = new Set();
    this.addresses = new Set();
    this.drops = [];
    this.stopped = true;
    this.current = null;
    this.use(prefer === 'sse' ? 'sse' : 'socket');
  }

  get state() { return this.current.state; }

  get transport() { return this.current.transport ?? (this.kind === 'sse' ? 'sse' : 'websocket'); }

  get reconnects() { return this.current.reconnects; }

  on(handler) {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  use(kind) {
    if (this.current) {
      this.off?.();
      this.current.stop();
    }
    this.kind = kind;
    this.drops = [];
    this.current = kind === 'sse' ? this.makeStream() : this.makeSocket();
    for (const address of this.addresses) this.current.register(address);
    this.off = this.current.on((what, ...args) => this.heard(what, ...args));
    if (!this.stopped) this.current.start();
  }

  heard(what, state, info = {}) {
    if (what === 'state') {
      const fallBack = this.kind === 'socket' && this.prefer === 'auto' && state === 'closed' && !info.signedOut
        && !info.suspended && this.givesUp(info);
      // Only while the server answers HTTP: a node that is down fails both ways, and is no reason to leave the socket.
      if (fallBack) this.fallBack(this.current);
      for (const h of this.handlers) h('state', state, { ...info, transport: this.transport });
      return;
    }
    for (const h of this.handlers) h(what, state, info);
  }

  async fallBack(socket) {
    const answers = await this.probe().catch(() => false);
    if (answers && this.current === socket && socket.state !== 'open' && this.prefer === 'auto') {
      this.fellBack = true;
      this.use('sse');
    }
  }

  /** Whether the socket has had its chances: it never opened three times running, or dropped three times lately. */
  givesUp(info) {
    if (this.current.failures >= SOCKET_FAILURES) return true;
    // Our own closes (1000), the server's over SockJS (3000) and its verdicts (4xxx) are not the network's doing.
    if (info.code === undefined || info.code === 1000 || info.code === 3000 || info.code >= 4000) return false;
    const now = this.now();
    this.drops = [...this.drops.filter((t) => now - t < DROP_WINDOW_MS), now];
    return this.drops.length >= DROPS;
  }

  /** The person's choice: 'sse' or 'socket' at once; 'auto' starts over with the socket. */
  choose(prefer) {
    this.prefer = prefer;
    this.fellBack = false;
    const kind = prefer === 'sse' ? 'sse' : 'socket';
    if (kind !== this.kind) this.use(kind);
  }

  register(address) {
    this.addresses.add(address);
    this.current.register(address);
  }

  start() {
    this.stopped = false;
    this.current.start();
  }

  stop() {
    this.stopped = true;
    this.current.stop();
  }

  drop() { this.current.drop(); }

  suspend() { this.current.suspend(); }

  resume() { this.current.resume(); }
}
