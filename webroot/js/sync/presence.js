const BEAT_MS = 15_000;

/**
 * Presence, both ways. Who is looking at which list: the server pushes `{action: "presence", listId, payload:
 * {userIds}}` whenever that changes. And this tab's own part: while it shows a list it says so every 15 s (the
 * server forgets a viewer after ~37 s of silence) and says goodbye when it moves on, hides or signs out.
 *
 * The server pushes only changes, so a tab that knows nothing yet (just loaded, back online, socket registered again)
 * leaves and comes back: either step changes the set, so the push that follows tells it who is there.
 */
export class Presence {
  constructor(api) {
    this.api = api;
    this.viewers = {};
    this.here = null;
    this.where = () => null;
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
    clearInterval(this.beat);
    this.beat = setInterval(() => this.update({ beat: true }), BEAT_MS);
  }

  update({ beat = false } = {}) {
    const want = this.where() ?? null;
    if (this.here && this.here !== want) this.say(this.here, false);
    if (want && want !== this.here && this.of(want) === undefined) this.rejoin(want);
    else if (want && (beat || want !== this.here)) this.say(want, true);
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
    this.api.presence(listId, false).catch(() => {}).then(() => (this.here === listId ? this.say(listId, true) : null));
  }

  say(listId, here) {
    this.api.presence(listId, here).catch(() => {});
  }

  /** Leaving for good (the page goes away): a request that outlives the page when the browser allows it. */
  leave() {
    if (this.here) this.api.presence(this.here, false, { keepalive: true }).catch(() => {});
  }

  stop() {
    clearInterval(this.beat);
    if (this.here) this.say(this.here, false);
    this.here = null;
  }
}
