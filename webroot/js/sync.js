import { CommandStore } from './logic/outbox.js';
import { advance, describe, isFinal, makeCommand } from './logic/commands.js';
import { applyEvent, emptyModel, forgetSeen, narrate, toneOf, withList, withLists, withoutList } from './logic/model.js';
import { kindOf } from './logic/kinds.js';

const NOW_CURSOR = Number.MAX_SAFE_INTEGER;
const POLL_MS = 4000;

const noLock = (name, fn) => fn();

/**
 * Keeps the read model in step with the server and carries the user's commands there: one outbox, sent
 * in order; pushed events folded once; catch-up after every reconnect; reload on 410. Fires 'change' and
 * 'toast' events; the components never see the network.
 *
 * The last-known model is kept in storage, so a page opened offline shows the lists as they were. The outbox
 * is shared by every tab of the user: `lock` (Web Locks in the browser) lets one tab at a time send from it,
 * and `onStorage` takes in what the other tabs wrote.
 */
export class Sync extends EventTarget {
  constructor({ api, bus, storage, me, mode = 'safe', patienceMs = 10_000, online = true, lock = noLock }) {
    super();
    Object.assign(this, { api, bus, storage, me, mode, patienceMs, online, lock });
    this.store = new CommandStore(storage, `eventual.commands.${me.userId}`);
    this.modelKey = `eventual.model.${me.userId}`;
    this.model = emptyModel();
    this.presence = {};
    this.busState = 'closed';
    this.loaded = false;
    this.synced = false;
    this.timers = new Set();
    this.restore();
  }

  /** The model as this browser last knew it (shown until the server answers, or while offline). */
  restore() {
    try {
      const saved = JSON.parse(this.storage.getItem(this.modelKey) ?? 'null');
      if (saved && typeof saved.lists === 'object' && saved.lists !== null) {
        this.model = { ...emptyModel(), lists: saved.lists, cursor: Number(saved.cursor ?? -1) };
        this.loaded = true;
      }
    } catch {
      // nothing usable stored
    }
    this.savedModel = this.model;
  }

  persist() {
    if (this.model === this.savedModel || !this.loaded) return;
    this.savedModel = this.model;
    try {
      this.storage.setItem(this.modelKey, JSON.stringify({ lists: this.model.lists, cursor: this.model.cursor }));
    } catch {
      // storage full or denied: the model lives in memory only
    }
  }

  /** Forgets the stored model (signing out). */
  forget() {
    try {
      this.storage.removeItem(this.modelKey);
    } catch {
      // nothing to forget
    }
  }

  /** Another tab wrote to storage: take in its commands, and send them if it cannot. */
  onStorage(key) {
    if (key !== null && key !== this.store.key) return;
    if (this.store.refresh()) {
      this.changed();
      this.drain();
    }
  }

  async start() {
    this.offBus = this.bus.on((kind, ...args) => this.onBus(kind, ...args));
    this.offBreaker = this.api.breaker.onChange((state) => this.onBreaker(state));
    this.offAttempt = this.api.onAttempt(({ key, error }) => {
      if (key && this.store.get(key)) {
        this.store.update(key, (c) => ({ ...c, tries: (c.tries ?? 1) + 1, error: error.message }));
        this.changed();
      }
    });
    this.bus.register(`user.${this.me.userId}`);
    this.bus.start();
    this.poller = setInterval(() => this.poll(false), POLL_MS);
    this.ticker = setInterval(() => this.tick(), 1000);
    if (this.online || !this.loaded) {
      await this.resync().catch((e) => this.toast(`Could not load your lists: ${e.message}`, 'error'));
    } else {
      this.changed();
    }
    this.poll(true);
    this.drain();
  }

  stop() {
    this.stopped = true;
    this.offBus?.();
    this.offBreaker?.();
    this.offAttempt?.();
    clearInterval(this.poller);
    clearInterval(this.ticker);
    this.timers.forEach(clearTimeout);
    this.bus.stop();
  }

  changed() {
    this.persist();
    this.dispatchEvent(new Event('change'));
  }

  toast(text, kind = 'info') {
    this.dispatchEvent(new CustomEvent('toast', { detail: { text, kind } }));
  }

  later(ms, fn) {
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
  }

  // ---- commands -------------------------------------------------------------------------------------

  submit(kind, args) {
    const cmd = this.store.add(makeCommand(kind, args, { mode: this.mode }));
    if (!this.online) this.toast(`Offline: ${describe(cmd)} waits in the outbox`, 'info');
    this.changed();
    this.drain();
    return cmd;
  }

  /** Safe mode keeps listening, but says so once a command takes longer than the patience. */
  tick() {
    const pending = this.store.pending();
    if (!pending.length) return;
    for (const c of pending) {
      if (c.mode === 'safe' && !c.slowTold && c.status === 'accepted' && Date.now() - c.t.sent >= this.patienceMs) {
        this.store.update(c.commandId, (x) => ({ ...x, slowTold: true }));
        this.toast(`'${describe(c)}' is still processing — it will appear when ready`, 'info');
      }
    }
    this.changed();
  }

  update(commandId, status, patch = {}) {
    const cmd = this.store.update(commandId, (c) => advance(c, status, patch));
    this.changed();
    return cmd;
  }

  /** Sends the outbox one command at a time, oldest first, so a list's changes reach the server in order. */
  async drain() {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    try {
      await this.lock(`eventual.outbox.${this.me.userId}`, async () => {
        this.store.refresh();
        // While the breaker is not closed, only probe() may knock: a command sent as the half-open probe that
        // meets a 500 would reopen the breaker for twice as long, again and again.
        for (let cmd = this.store.head(); cmd && this.online && !this.stopped && this.api.breaker.state === 'closed';
          cmd = this.store.head()) {
          if (!(await this.sendOne(cmd))) break;
        }
      });
    } finally {
      this.draining = false;
      if (this.drainAgain) {
        this.drainAgain = false;
        this.drain();
      }
    }
  }

  /** True to go on with the next command; false when the head must wait (outage, offline, signed out). */
  async sendOne(cmd) {
    this.update(cmd.commandId, 'sending', { attempts: (cmd.attempts ?? 0) + 1, error: null });
    try {
      const answer = await this.api.command(cmd);
      this.onAnswer(cmd, answer);
      return true;
    } catch (e) {
      if (e.retryable) {
        this.update(cmd.commandId, 'sending', { error: e.message });
        const wait = e.breakerOpen ? Math.max(500, e.retryAt - Date.now()) : 2000 + Math.random() * 2000;
        this.later(wait, () => this.drain());
        return false;
      }
      if (e.status === 401) {
        this.update(cmd.commandId, 'queued', { error: 'signed out' });
        this.dispatchEvent(new Event('signed-out'));
        return false;
      }
      const failed = e.status === 422 && e.problem?.type === '/problems/idempotency-key-reused';
      this.finish(cmd.commandId, failed ? 'failed' : 'rejected', { code: e.problem?.code ?? e.status, reason: e.message });
      return true;
    }
  }

  onAnswer(cmd, { status, body }) {
    const ids = { listId: body?.listId ?? cmd.listId, todoId: body?.todoId ?? cmd.todoId };
    if (status === 202) {
      this.update(cmd.commandId, 'accepted', ids);
      return;
    }
    // 200/201: the outcome was there before the answer (a retry); its event may have gone by unseen.
    this.update(cmd.commandId, 'accepted', ids);
    this.finish(cmd.commandId, 'confirmed', { version: body?.version });
    if (ids.listId && !kindOf(cmd.kind)?.ends) this.loadList(ids.listId, body?.version);
  }

  finish(commandId, status, patch) {
    const before = this.store.get(commandId);
    if (!before || isFinal(before.status)) return;
    const cmd = this.update(commandId, status, patch);
    if (status === 'confirmed') this.toast(`Done: ${describe(cmd)}`, 'success');
    else this.toast(`Could not ${describe(cmd)}: ${cmd.reason ?? status}`, 'error');
  }

  /** Outcomes of accepted commands whose event has not come: after a reload, or while the socket is down. */
  async poll(all) {
    if (!this.online) return;
    const cutoff = Date.now() - POLL_MS;
    const due = this.store.awaiting().filter((c) => all || (this.busState !== 'open' && (c.t.accepted ?? 0) < cutoff)
      || (c.t.accepted ?? 0) < Date.now() - Math.max(POLL_MS, this.patienceMs));
    for (const cmd of due) {
      try {
        const { body } = await this.api.commandStatus(cmd.commandId);
        if (body.status === 'succeeded') {
          this.finish(cmd.commandId, 'confirmed', { version: body.version });
          if (body.listId && !kindOf(cmd.kind)?.ends) this.loadList(body.listId, body.version);
        } else if (body.status === 'rejected' || body.status === 'failed') {
          this.finish(cmd.commandId, body.status, { code: body.code, reason: body.reason });
        }
      } catch (e) {
        if (e.status === 404) this.store.update(cmd.commandId, (c) => ({ ...c, status: 'queued' }));
      }
    }
    if (due.length) this.drain();
  }

  // ---- events ---------------------------------------------------------------------------------------

  onBus(kind, a, b) {
    if (kind === 'state') {
      this.busState = a;
      this.changed();
    } else if (kind === 'registered') {
      // From here on every event is pushed; everything before is in the catch-up, so nothing slips between.
      if (this.synced) this.catchUp();
      else if (this.loaded) this.resync().catch(() => {});
    } else if (kind === 'message') {
      this.onMessage(b);
    } else if (kind === 'error') {
      this.toast(`Live updates refused: ${a}`, 'error');
    }
  }

  onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.action === 'presence') {
      const ids = msg.payload?.userIds ?? [];
      this.presence = { ...this.presence, [msg.listId]: new Set(ids) };
      this.changed();
      return;
    }
    const before = this.model.lists[msg.listId];
    const result = applyEvent(this.model, msg, this.me.userId);
    this.model = result.model;
    if (result.reload) this.loadList(result.reload, msg.version);
    const mine = msg.commandId && this.store.get(msg.commandId);
    if (mine) {
      this.finish(msg.commandId, msg.status === 'succeeded' ? 'confirmed' : msg.status, { listId: msg.listId ?? mine.listId,
        version: msg.version, code: msg.payload?.code, reason: msg.payload?.reason });
    } else if (msg.actor !== this.me.userId && result.applied) {
      this.toast(narrate(msg, before), toneOf(msg));
    } else if (result.reason === 'unknown-list' && result.reload) {
      this.toast(`${msg.actorName ?? 'someone'} shared a list with you`, 'info');
    }
    this.changed();
  }

  async catchUp() {
    if (this.catching) {
      this.catchAgain = true;
      return;
    }
    this.catching = true;
    try {
      const { body } = await this.api.events(this.model.cursor);
      for (const msg of body.events) this.onMessage(msg);
      this.model = { ...this.model, cursor: Math.max(this.model.cursor, body.cursor ?? -1) };
    } catch (e) {
      if (e.status === 410) await this.resync();
    } finally {
      this.catching = false;
      if (this.catchAgain) {
        this.catchAgain = false;
        this.catchUp();
      }
    }
  }

  /** Everything again from the queries, then the events since the cursor taken before them. */
  resync() {
    if (!this.resyncing) this.resyncing = this.reload().finally(() => { this.resyncing = null; });
    return this.resyncing;
  }

  async reload() {
    // Offline, the service worker still answers the list queries from its cache; the cursor then stays put.
    const mark = await this.api.events(NOW_CURSOR, { retry: this.online }).then((r) => r.body, () => null);
    const { body: lists } = await this.api.lists();
    this.model = withLists(this.model, lists);
    await Promise.all(lists.slice(0, 30).map((l) => this.loadList(l.listId)));
    this.model = { ...forgetSeen(this.model), cursor: mark ? mark.cursor : this.model.cursor };
    this.loaded = true;
    if (mark) this.synced = true;
    this.changed();
    if (mark) await this.catchUp();
  }

  async loadList(listId, minVersion) {
    try {
      const { body } = await this.api.list(listId, minVersion);
      this.model = withList(this.model, body);
    } catch (e) {
      if (e.status === 404) this.model = withoutList(this.model, listId);
    }
    this.changed();
  }

  // ---- surroundings ---------------------------------------------------------------------------------

  setOnline(online) {
    this.online = online;
    this.changed();
    if (online) {
      this.drain();
      if (this.synced) this.catchUp();
      else this.resync().catch(() => {});
    }
  }

  onBreaker(state) {
    this.changed();
    if (state === 'open') {
      this.toast('The server is not answering; sending paused, will retry by itself', 'error');
      this.later(Math.max(0, this.api.breaker.retryAt - Date.now()) + 50, () => this.probe());
    } else if (state === 'closed') {
      this.toast('The server answers again', 'success');
      this.drain();
      this.catchUp();
    }
  }

  async probe() {
    if (this.api.breaker.state === 'closed') return;
    try {
      await this.api.probe();
    } catch {
      if (this.api.breaker.state !== 'closed') {
        this.later(Math.max(500, this.api.breaker.retryAt - Date.now()) + 50, () => this.probe());
      }
    }
  }
}
