const BEAT_MS = 15_000;

/**
 * Presence, both ways. Who is looking at which list: the server pushes `{action: "presence", listId, payload:
 * {userIds}}` whenever that changes. And this tab's own part: while it shows a list it says so every 15 s (the
 * server forgets a viewer after ~37 s of silence) and says goodbye when it moves on, hides or signs out.
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

  /** The users looking at a list, as last pushed (undefined before the first push). */
  of(listId) {
    return this.viewers[listId];
  }

  /** Announces the list `where()` names (null: none) on every beat and on every update() from now on. */
  follow(where) {
    this.where = where;
    clearInterval(this.beat);
    this.beat = setInterval(() => this.update({ beat: true }), BEAT_MS);
  }

  update({ beat = false } = {}) {
    const want = this.where() ?? null;
    if (this.here && this.here !== want) this.api.presence(this.here, false).catch(() => {});
    if (want && (beat || want !== this.here)) this.api.presence(want, true).catch(() => {});
    this.here = want;
  }

  stop() {
    clearInterval(this.beat);
    if (this.here) this.api.presence(this.here, false).catch(() => {});
    this.here = null;
  }
}
