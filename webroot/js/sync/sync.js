import { CommandStore } from '../logic/outbox.js';
import { applyEvent, emptyModel, narrate, toneOf } from '../logic/model.js';
import { againArgs } from '../logic/conflicts.js';
import { outcomeOf } from '../logic/commands.js';
import { kindOf } from '../logic/kinds.js';
import { undoOf } from '../logic/notices.js';
import { Follower } from './follower.js';
import { Presence } from './presence.js';
import { Sender } from './sender.js';

const noLock = (name, fn) => fn();
const PERSIST_MS = 1000;
const SERVER_CLOSED = 3000;

/**
 * Keeps the read model in step with the server and carries the user's commands there: one outbox, sent
 * in order (sender.js); pushed events folded once; catch-up after every reconnect and reload on 410
 * (follower.js); who else is looking (presence.js). Fires 'change', 'toast' and 'signed-out' events;
 * the components never see the network.
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
    this.busState = 'closed';
    this.loaded = false;
    this.sender = new Sender(this);
    this.follower = new Follower(this);
    this.presence = new Presence(api);
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

  /** The model is written at most once a second: a big list is hundreds of kilobytes of JSON. */
  persistSoon() {
    if (!this.persistTimer) this.persistTimer = setTimeout(() => this.persist(), PERSIST_MS);
  }

  persist() {
    clearTimeout(this.persistTimer);
    this.persistTimer = null;
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
    clearTimeout(this.persistTimer);
    this.persistTimer = null;
    this.savedModel = this.model;
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
    this.offSignedOut = this.api.onSignedOut?.(() => this.signedOut());
    this.sender.start();
    this.bus.register(`user.${this.me.userId}`);
    this.bus.start();
    if (this.online || !this.loaded) {
      await this.resync().catch((e) => this.toast(`Could not load your lists: ${e.message}`, 'error'));
    } else {
      this.changed();
    }
    this.sender.poll(true);
    this.drain();
  }

  /** Stops everything; resolves once the goodbye to presence is said (unless `quiet`: the session is gone). */
  stop({ quiet = false } = {}) {
    this.stopped = true;
    if (this.persistTimer) this.persist();
    this.offBus?.();
    this.offSignedOut?.();
    this.sender.stop();
    this.bus.stop();
    return this.presence.stop({ quiet });
  }

  /**
   * The session is gone (the socket was closed for it, or a call answered 401): said once, and nothing more is sent
   * with it. The outbox stays in storage for the next sign-in.
   */
  signedOut() {
    if (this.stopped || this.told) return;
    this.told = true;
    this.dispatchEvent(new Event('signed-out'));
  }

  changed() {
    this.persistSoon();
    this.dispatchEvent(new Event('change'));
  }

  /** A message for the user; `group` collects others' changes into one toast that counts them. */
  toast(text, kind = 'info', group = null) {
    this.dispatchEvent(new CustomEvent('toast', { detail: { text, kind, ...group } }));
  }

  submit(kind, args) {
    return this.sender.submit(kind, args);
  }

  /** The author's choice on a conflict: keep theirs (nothing to send), or apply mine again against the version now. */
  resolve(commandId, choice) {
    const cmd = this.store.get(commandId);
    if (!cmd || cmd.resolved) return;
    this.store.update(commandId, (c) => ({ ...c, resolved: choice }));
    if (choice === 'mine') this.submit(cmd.kind, againArgs(cmd, this.model.lists[cmd.listId]));
    this.changed();
  }

  /** What the user chose on a notice about their own change (logic/notices.js): retry it as it was, or dismiss it. */
  notice(commandId, action) {
    const cmd = this.store.get(commandId);
    if (!cmd) return;
    if (action === 'retry' && !cmd.resolved) {
      this.store.update(commandId, (c) => ({ ...c, resolved: 'retried' }));
      this.submit(cmd.kind, cmd.args);
    } else if (action === 'dismiss') {
      this.store.update(commandId, (c) => ({ ...c, dismissed: true }));
    } else if (action === 'undo') {
      this.undo(commandId);
    }
    this.changed();
  }

  /**
   * Undoes a change (and those made with it in one go) by a command of its own, sent after it: every member sees the
   * undo, and it waits in the outbox across a reload like any change.
   */
  undo(commandId) {
    const cmd = this.store.get(commandId);
    if (!cmd) return;
    const together = cmd.args.batch ? this.store.all().filter((c) => c.args.batch === cmd.args.batch) : [cmd];
    for (const c of together) {
      const inverse = !c.undone && undoOf(c);
      if (!inverse) continue;
      this.store.update(c.commandId, (x) => ({ ...x, undone: true }));
      this.submit(...inverse);
    }
  }

  /** Sends what waits in the outbox; a call while it is sending makes it look again afterwards. */
  drain() {
    return this.sender.drain();
  }

  get draining() {
    return this.sender.drain.busy;
  }

  catchUp() {
    return this.follower.catchUp();
  }

  resync() {
    return this.follower.resync();
  }

  loadList(listId, minVersion) {
    return this.follower.loadList(listId, minVersion);
  }

  onBus(kind, a, b) {
    if (kind === 'state') {
      this.busState = a;
      if (b?.signedOut) this.signedOut();
      // Over SockJS the server's own close code does not reach the page: every close it makes reads 3000. Whether
      // the session is still there is asked once per such close (reconnects back off); a 401 ends it here too.
      else if (a === 'closed' && b?.code === SERVER_CLOSED && !this.stopped) this.api.me?.().catch(() => {});
      // Presence pushed while the socket is down is lost: what was known is no longer.
      if (a !== 'open') this.presence.forget();
      this.changed();
    } else if (kind === 'registered') {
      // From here on every event is pushed; everything before is in the catch-up, so nothing slips between.
      if (this.follower.synced || this.loaded) this.follower.resume();
      this.presence.registered();
    } else if (kind === 'message') {
      this.onMessage(b);
    } else if (kind === 'reset') {
      this.follower.gap().catch(() => {});
    } else if (kind === 'error') {
      this.toast(`Live updates refused: ${a}`, 'error');
    }
  }

  /** A pushed or caught-up message: presence, or an event to fold, an outcome of mine, news from others. */
  onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.action === 'presence') {
      this.presence.heard(msg);
      this.changed();
      return;
    }
    const before = this.model.lists[msg.listId];
    const result = applyEvent(this.model, msg, this.me.userId);
    this.model = result.model;
    if (before && result.applied && !this.model.lists[msg.listId]) {
      // The list is gone for this user: why, and by whom, for what they had typed in it.
      const by = msg.actor === this.me.userId ? 'You' : msg.actorName;
      this.dispatchEvent(new CustomEvent('gone', { detail: { listId: msg.listId, name: before.name, by,
        why: kindOf(msg.action)?.ends ? 'deleted' : 'removed' } }));
    }
    if (result.reload) this.loadList(result.reload, msg.version);
    const told = outcomeOf(msg);
    const mine = told.commandId && this.store.get(told.commandId);
    if (mine) {
      if (told.step) this.sender.stepped(mine.commandId, told.step);
      if (told.end) {
        const { status, ...patch } = told.end;
        this.sender.finish(mine.commandId, status, { listId: msg.listId ?? mine.listId, version: msg.version, ...patch });
      }
    } else if (msg.actor !== this.me.userId && result.applied) {
      // '{list}' is the list by its name when the toast is drawn: a rename shows in a toast already up.
      // A rename is told with the name it had.
      const who = msg.actorName ?? 'someone';
      const list = before ?? this.model.lists[msg.listId];
      const renamed = before && this.model.lists[msg.listId] && this.model.lists[msg.listId].name !== before.name;
      // A list gone for this user is news of its own, not one of "ana made 3 changes".
      const gone = !this.model.lists[msg.listId];
      this.toast(narrate(msg, list && (renamed ? list : { ...list, name: '{list}' }), this.me.userId), toneOf(msg),
        { group: gone ? undefined : `${msg.actor}|${msg.listId}`, many: `${who} made {n} changes in '{list}'`, listId: msg.listId,
          name: list?.name });
    } else if (result.invited) {
      this.toast(narrate(msg, null, this.me.userId), 'info', { listId: msg.listId });
    } else if (result.reason === 'unknown-list' && result.reload) {
      // Joined by accepting an invitation elsewhere (another tab), or added before invitations were.
      this.toast(msg.actor === this.me.userId ? 'You joined \'{list}\'' : `${msg.actorName ?? 'someone'} shared '{list}' with you`,
        'info', { listId: msg.listId });
    }
    this.changed();
  }

  setOnline(online) {
    this.online = online;
    if (!online) this.presence.forget();
    this.changed();
    if (online) {
      this.drain();
      this.follower.resume();
    }
  }
}
