import { fullJitter } from '../logic/backoff.js';
import { uuid } from '../logic/commands.js';

const BEAT_MS = 15_000;

/**
 * Presence, both ways. Who is looking at which list: the server pushes `{action: "presence", listId, payload:
 * {userIds}}` whenever that changes. And this tab's own part: while it shows a list it says so every 15 s (the
 * server forgets a viewer after ~37 s of silence) and says goodbye when it moves on, hides or signs out. Each tab is
 * a viewer of its own (its `tab` id), so closing one of two tabs does not hide its user from the others.
 *
 * The server pushes when the set changes and when a tab comes in, so a tab that knows nothing yet (just loaded, back
 * online, socket registered again) leaves and comes back, and the push that follows tells it who is there.
 * A beat that fails is tried again later and later (full jitter), not every 15 s into an outage.
 */
export class Presence {
  constructor(api, { tab = uuid(), timers = globalThis, random = Math.random } = {}) {
    Object.assign(this, { api, tab, timers, random });
    this.viewers = {};
    this.here = null;
    this.where = () => null;
    this.failures = 0;
  }

  /** A `presence` push. */
  heard(msg) {
    this.viewers = { ...this.viewers, [msg.listId]: new Set(msg.payload?.userIds ?? []) };
  }

  /** The users looking at a list, as last pushed; undefined while that is not known. */
  of(listId) {
    return this.viewers[listId];
  }

  /** What was pushed may be out of date (offline, socket down): nothing is known until the next push. */
  forget() {
    this.viewers = {};
  }

  /** Announces the list `where()` names (null: none) on every beat and on every update() from now on. */
  follow(where) {
    this.where = where;
    this.stopped = false;
    this.schedule(BEAT_MS);
  }

  schedule(ms) {
    this.timers.clearTimeout(this.beat);
    if (!this.stopped) this.beat = this.timers.setTimeout(() => this.update({ beat: true }), ms);
  }

  update({ beat = false } = {}) {
    const want = this.where() ?? null;
    if (this.here && this.here !== want) this.say(this.here, false);
    if (want && want !== this.here && this.of(want) === undefined) this.rejoin(want);
    else if (want && (beat || want !== this.here)) this.say(want, true, beat);
    else if (beat) this.schedule(BEAT_MS);
    this.here = want;
  }

  /** The socket is registered (again): pushes from now on reach this tab, so ask for one. */
  registered() {
    this.forget();
    const want = this.where() ?? null;
    if (want) this.rejoin(want);
    this.here = want;
  }

  rejoin(listId) {
    this.call(listId, false).then(() => (this.here === listId ? this.say(listId, true, true) : null));
  }

  /** One call; a beat's outcome sets when the next one comes. */
  say(listId, here, beat = false) {
    const done = this.call(listId, here);
    if (beat) done.then((ok) => this.schedule(ok ? BEAT_MS : this.backoff()));
    return done;
  }

  call(listId, here, options = {}) {
    return this.api.presence(listId, here, { tab: this.tab, ...options }).then(() => {
      this.failures = 0;
      return true;
    }, () => {
      this.failures += 1;
      return false;
    });
  }

  backoff() {
    return Math.max(1000, fullJitter(this.failures, { baseMs: 2 * BEAT_MS, capMs: 5 * 60_000 }, this.random));
  }

  /** Leaving for good (the page goes away): a request that outlives the page when the browser allows it. */
  leave() {
    if (this.here) this.call(this.here, false, { keepalive: true });
  }

  /** Stops beating; says goodbye unless the session is gone (`quiet`: nobody would hear it, and it would be a 401). */
  stop({ quiet = false } = {}) {
    this.stopped = true;
    this.timers.clearTimeout(this.beat);
    const bye = this.here && !quiet ? this.say(this.here, false) : Promise.resolve();
    this.here = null;
    return bye;
  }
}
