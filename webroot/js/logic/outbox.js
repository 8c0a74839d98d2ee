import { isFinal } from './commands.js';

/**
 * Every command of one user, in the order they were made, kept in (local)Storage so queued and pending
 * commands survive a reload. The outbox is the queued/sending ones, sent one at a time, oldest first.
 */
export class CommandStore {
  constructor(storage, key, { keepFinished = 40 } = {}) {
    Object.assign(this, { storage, key, keepFinished });
    this.items = this.read();
  }

  read() {
    try {
      const parsed = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }

  write() {
    const finished = this.items.filter((c) => isFinal(c.status));
    const drop = new Set(finished.slice(0, Math.max(0, finished.length - this.keepFinished)).map((c) => c.commandId));
    this.items = this.items.filter((c) => !drop.has(c.commandId));
    try {
      this.storage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // Storage full or denied: the commands still live in memory for this page.
    }
  }

  all() {
    return this.items;
  }

  get(commandId) {
    return this.items.find((c) => c.commandId === commandId) ?? null;
  }

  add(cmd) {
    if (!this.get(cmd.commandId)) this.items = [...this.items, cmd];
    this.write();
    return cmd;
  }

  update(commandId, change) {
    let updated = null;
    this.items = this.items.map((c) => (c.commandId === commandId ? (updated = change(c)) : c));
    if (updated) this.write();
    return updated;
  }

  /** The next command to send: the oldest not yet accepted by the server. */
  head() {
    return this.items.find((c) => c.status === 'queued' || c.status === 'sending') ?? null;
  }

  outbox() {
    return this.items.filter((c) => c.status === 'queued' || c.status === 'sending');
  }

  /** Accepted by the server, outcome not known yet. */
  awaiting() {
    return this.items.filter((c) => c.status === 'accepted');
  }

  pending(listId) {
    return this.items.filter((c) => !isFinal(c.status) && (listId === undefined || c.listId === listId));
  }

  clear() {
    this.items = [];
    this.write();
  }
}

/** A Storage stand-in for tests and for browsers that deny localStorage. */
export class MemoryStorage {
  constructor() {
    this.map = new Map();
  }

  getItem(k) {
    return this.map.has(k) ? this.map.get(k) : null;
  }

  setItem(k, v) {
    this.map.set(k, String(v));
  }

  removeItem(k) {
    this.map.delete(k);
  }
}
