import { singleFlight } from '../logic/flight.js';
import { forgetSeen, withList, withInvitations, withLists, withoutList } from '../logic/model.js';

const NOW_CURSOR = Number.MAX_SAFE_INTEGER;

/**
 * Keeps one Sync's model in step with the log when pushes alone cannot: after every (re)registration it takes
 * the events since its cursor (catch-up), and when the gap is older than the server keeps (410), or nothing was
 * ever synced, it takes everything again from the queries (resync).
 */
export class Follower {
  constructor(sync) {
    this.sync = sync;
    this.synced = false;
    this.catchUp = singleFlight(() => this.eventsSinceCursor());
    this.resync = singleFlight(() => this.reload(), { join: true });
  }

  /** After a reconnect or coming back online: what was missed, or everything when nothing was synced yet. */
  resume() {
    if (this.synced) this.catchUp();
    else this.resync().catch(() => {});
  }

  async eventsSinceCursor() {
    const { sync } = this;
    try {
      const { body } = await sync.api.events(sync.model.cursor);
      for (const msg of body.events) sync.onMessage(msg);
      sync.model = { ...sync.model, cursor: Math.max(sync.model.cursor, body.cursor ?? -1) };
    } catch (e) {
      if (e.status === 410) await this.gap();
    }
  }

  /**
   * The server cannot fill the gap (a 410, or the event stream's reset): everything again, and said once — the
   * stream's verdict and the catch-up's 410 for one gap make one notice.
   */
  async gap() {
    const now = Date.now();
    if (!(this.toldGapAt > now - 10_000)) {
      this.toldGapAt = now;
      this.sync.toast('You were away longer than the server can replay: your lists were reloaded.', 'info');
    }
    await this.resync();
  }

  /** Everything again from the queries, then the events since the cursor taken before them. */
  async reload() {
    const { sync } = this;
    // Offline, the service worker still answers the list queries from its cache; the cursor then stays put.
    const mark = await sync.api.events(NOW_CURSOR, { retry: sync.online }).then((r) => r.body, () => null);
    const { body: lists } = await sync.api.lists();
    sync.model = withLists(sync.model, lists);
    const invitations = await sync.api.invitations().then((r) => r.body, () => null);
    if (Array.isArray(invitations)) sync.model = withInvitations(sync.model, invitations);
    await Promise.all(lists.slice(0, 30).map((l) => this.loadList(l.listId)));
    sync.model = { ...forgetSeen(sync.model), cursor: mark ? mark.cursor : sync.model.cursor };
    sync.loaded = true;
    if (mark) this.synced = true;
    sync.changed();
    if (mark) await this.catchUp();
  }

  async loadList(listId, minVersion) {
    const { sync } = this;
    try {
      const { body } = await sync.api.list(listId, minVersion);
      sync.model = withList(sync.model, body);
    } catch (e) {
      if (e.status === 404) sync.model = withoutList(sync.model, listId);
    }
    sync.changed();
  }
}
