import { isFinal } from './commands.js';
import { RENAMED } from './kinds.js';

const RANK = { queued: 0, sending: 1, accepted: 2, confirmed: 3, rejected: 3, failed: 3 };

/**
 * Of two copies of one command (two tabs, or memory and storage), the later one: every change bumps `rev` and is
 * made on the freshest stored copy, so the higher revision saw the other; on a tie (two tabs at once) the copy
 * further along wins.
 */
export function newer(a, b) {
  if (!a) return b;
  if (!b) return a;
  const va = a.rev ?? 0;
  const vb = b.rev ?? 0;
  if (va !== vb) return va > vb ? a : b;
  return (RANK[b.status] ?? 0) > (RANK[a.status] ?? 0) ? b : a;
}

/**
 * Two views of the same commands merged by commandId, each command's furthest copy kept, in the order they
 * were made. Nothing one side holds is lost because the other side never saw it.
 */
export function merge(mine, theirs) {
  const byId = new Map();
  const order = [];
  for (const c of [...theirs, ...mine]) {
    if (!c || typeof c !== 'object' || !c.commandId) continue;
    if (!byId.has(c.commandId)) order.push(c.commandId);
    byId.set(c.commandId, newer(byId.get(c.commandId), c));
  }
  const created = (c) => c.t?.created ?? 0;
  return order.map((id) => byId.get(id)).sort((a, b) => created(a) - created(b));
}

/** A command stored by an older client under a kind's old name, under its name now (its request is unchanged). */
export function renamed(cmd) {
  return Object.hasOwn(RENAMED, cmd.kind) ? { ...cmd, kind: RENAMED[cmd.kind] } : cmd;
}

/**
 * Every command of one user, in the order they were made, kept in (local)Storage so queued and pending
 * commands survive a reload. The outbox is the queued/sending ones, sent one at a time, oldest first.
 *
 * Several tabs of one user share the stored entry. A write never overwrites blindly: it reads what is stored,
 * merges it with this tab's copy by commandId (the copy further along wins) and writes the union, so one tab
 * cannot drop another's commands. `refresh()` takes in what other tabs wrote (call it on the `storage` event).
 */
export class CommandStore {
  constructor(storage, key, { keepFinished = 40 } = {}) {
    Object.assign(this, { storage, key, keepFinished });
    this.items = this.read();
    this.gone = new Set();
  }

  read() {
    try {
      const parsed = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((c) => c && typeof c === 'object' && c.commandId).map(renamed) : [];
    } catch {
      return [];
    }
  }

  /** Takes in what other tabs stored; true when something changed here. */
  refresh() {
    const before = JSON.stringify(this.items);
    this.items = this.prune(merge(this.items, this.read()));
    return JSON.stringify(this.items) !== before;
  }

  prune(items) {
    const finished = items.filter((c) => isFinal(c.status));
    const drop = new Set(finished.slice(0, Math.max(0, finished.length - this.keepFinished)).map((c) => c.commandId));
    return items.filter((c) => !drop.has(c.commandId) && !this.gone.has(c.commandId));
  }

  write() {
    this.items = this.prune(merge(this.items, this.read()));
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
    if (!this.get(cmd.commandId)) this.items = [...this.items, { ...cmd, rev: cmd.rev ?? 0 }];
    this.write();
    return this.get(cmd.commandId) ?? cmd;
  }

  update(commandId, change) {
    this.refresh();
    let updated = null;
    this.items = this.items.map((c) => {
      if (c.commandId !== commandId) return c;
      updated = { ...change(c), rev: (c.rev ?? 0) + 1 };
      return updated;
    });
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

  /** Forgets every command, in every tab (the merge would bring them back otherwise). */
  clear() {
    for (const c of this.items) this.gone.add(c.commandId);
    for (const c of this.read()) this.gone.add(c.commandId);
    this.items = [];
    try {
      this.storage.setItem(this.key, '[]');
    } catch {
      // nothing stored to forget
    }
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
