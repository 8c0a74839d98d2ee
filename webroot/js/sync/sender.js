import { describe, isFinal, makeCommand } from '../logic/commands.js';
import { phaseOf, transition } from '../logic/change.js';
import { singleFlight } from '../logic/flight.js';
import { kindOf } from '../logic/kinds.js';

const POLL_MS = 4000;
const FINISH = { confirmed: 'confirm', rejected: 'reject', failed: 'fail' };

/**
 * The outbox's way to the server, for one Sync: commands sent one at a time, oldest first, by whichever tab holds
 * the outbox lock; their answers, retries and outcomes (from the push, or asked for when it does not come); the
 * pause while the breaker is open. Every change of a command is an event of its state machine (logic/change.js).
 */
export class Sender {
  constructor(sync) {
    this.sync = sync;
    this.timers = new Set();
    this.drain = singleFlight(() => this.sendAll());
    this.traced = new Set();
  }

  /**
   * The server's hops of finished commands, for the timeline while it is open: asked once each (GET
   * /api/commands/{id}), best effort, the last 30 only.
   */
  async traceHops(commands) {
    const { sync } = this;
    const due = commands.slice(-30).filter((c) => isFinal(c.status) && c.t.sent != null && !c.server
      && !this.traced.has(c.commandId));
    for (const c of due) {
      this.traced.add(c.commandId);
      try {
        const { body } = await sync.api.commandStatus(c.commandId);
        if (body?.hops) {
          sync.store.update(c.commandId, (x) => ({ ...x, server: { traceId: body.traceId, hops: body.hops } }));
          sync.changed();
        }
      } catch {
        // Another node answered, or it is forgotten: the timeline shows the page's own marks only.
      }
    }
  }

  start() {
    const { api, store } = this.sync;
    this.offBreaker = api.breaker.onChange((state) => this.onBreaker(state));
    this.offAttempt = api.onAttempt(({ key, error }) => {
      if (key && store.get(key)) this.update(key, { type: 'retry', error: error.message });
    });
    // Outcomes whose event did not come, and Safe mode's patience.
    this.poller = setInterval(() => this.poll(false), POLL_MS);
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  stop() {
    this.offBreaker?.();
    this.offAttempt?.();
    clearInterval(this.poller);
    clearInterval(this.ticker);
    this.timers.forEach(clearTimeout);
  }

  later(ms, fn) {
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
  }

  /** A new command, unless the very same one is still on its way (a second click on a pending row sends nothing). */
  submit(kind, args) {
    const { sync } = this;
    const made = makeCommand(kind, args, { mode: sync.mode });
    const same = sync.store.pending().find((c) => c.kind === kind && JSON.stringify(c.request) === JSON.stringify(made.request));
    if (same) return same;
    const cmd = sync.store.add({ ...made, madeOffline: !sync.online });
    if (!sync.online) sync.toast(`Offline: ${describe(cmd)} waits in the outbox`, 'quiet');
    sync.changed();
    this.drain();
    return cmd;
  }

  /** Safe mode keeps listening, but a change not shown yet turns slow once it takes longer than the patience. */
  tick() {
    const { sync } = this;
    const now = Date.now();
    for (const c of sync.store.awaiting()) {
      if (phaseOf(c) === 'accepted' && phaseOf(transition(c, { type: 'patience', patienceMs: sync.patienceMs }, now)) === 'slow') {
        this.update(c.commandId, { type: 'patience', patienceMs: sync.patienceMs });
      }
    }
    // The timeline's bars of what is on its way grow with the time.
    if (sync.store.pending().length) sync.changed();
  }

  /** One event of a command's state machine, stored (every tab sees it) and drawn. */
  update(commandId, event) {
    const cmd = this.sync.store.update(commandId, (c) => transition(c, event));
    this.sync.changed();
    return cmd;
  }

  /** Sends the outbox, so a list's changes reach the server in order; only `drain` calls it, one run at a time. */
  async sendAll() {
    const { sync } = this;
    await sync.lock(`eventual.outbox.${sync.me.userId}`, async () => {
      sync.store.refresh();
      // While the breaker is not closed, only probe() may knock: a command sent as the half-open probe that
      // meets a 500 would reopen the breaker for twice as long, again and again.
      for (let cmd = sync.store.head(); cmd && sync.online && !sync.stopped && sync.api.breaker.state === 'closed';
        cmd = sync.store.head()) {
        if (!(await this.sendOne(cmd))) break;
      }
    });
  }

  /** True to go on with the next command; false when the head must wait (outage, offline, signed out). */
  async sendOne(cmd) {
    this.update(cmd.commandId, { type: 'send' });
    try {
      const answer = await this.sync.api.command(cmd);
      this.onAnswer(cmd, answer);
      return true;
    } catch (e) {
      if (e.retryable) {
        this.update(cmd.commandId, { type: 'wait', why: e.breakerOpen ? 'the server is not answering' : e.message });
        const wait = e.breakerOpen ? Math.max(500, e.retryAt - Date.now()) : 2000 + Math.random() * 2000;
        this.later(wait, () => this.drain());
        return false;
      }
      if (e.status === 401) {
        this.update(cmd.commandId, { type: 'wait', why: 'signed out' });
        this.sync.signedOut();
        return false;
      }
      const failed = e.status === 422 && e.problem?.type === '/problems/idempotency-key-reused';
      this.finish(cmd.commandId, failed ? 'failed' : 'rejected', { code: e.problem?.code ?? e.status, reason: e.message });
      return true;
    }
  }

  onAnswer(cmd, { status, body }) {
    const ids = { listId: body?.listId ?? cmd.listId, todoId: body?.todoId ?? cmd.todoId };
    this.update(cmd.commandId, { type: 'accept', ...ids });
    if (status === 202) return;
    // 200/201: the outcome was there before the answer (a retry); its event may have gone by unseen.
    this.finish(cmd.commandId, 'confirmed', { version: body?.version });
    if (ids.listId && !kindOf(cmd.kind)?.ends) this.sync.loadList(ids.listId, body?.version);
  }

  /** A step of the saga the user's command opened, kept on the command for its timeline (once, the first time heard). */
  stepped(commandId, step) {
    this.sync.store.update(commandId, (c) => ((c.steps ?? []).some((s) => s.n === step.n) ? c
      : { ...c, steps: [...(c.steps ?? []), step] }));
    this.sync.changed();
  }

  /**
   * The outcome. Your own success is quiet (the row says it; a screen reader hears it). A refusal is not a toast
   * of its own: a conflict is shown in its list, any other refusal or failure is a notice the page keeps until it is
   * dismissed, retried or undone (it is drawn from the command, so it goes when its cause does).
   */
  finish(commandId, status, patch) {
    const before = this.sync.store.get(commandId);
    if (!before || isFinal(before.status)) return;
    const cmd = this.update(commandId, { type: FINISH[status], ...patch });
    if (status === 'confirmed') this.sync.toast(`Saved: ${describe(cmd)}`, 'quiet');
  }

  /** Outcomes of accepted commands whose event has not come: after a reload, or while the socket is down. */
  async poll(all) {
    const { sync } = this;
    if (!sync.online) return;
    const cutoff = Date.now() - POLL_MS;
    const due = sync.store.awaiting().filter((c) => all || (sync.busState !== 'open' && (c.t.accepted ?? 0) < cutoff)
      || (c.t.accepted ?? 0) < Date.now() - Math.max(POLL_MS, sync.patienceMs));
    for (const cmd of due) {
      try {
        const { body } = await sync.api.commandStatus(cmd.commandId);
        if (body.status === 'succeeded') {
          this.finish(cmd.commandId, 'confirmed', { version: body.version });
          if (body.listId && !kindOf(cmd.kind)?.ends) sync.loadList(body.listId, body.version);
        } else if (body.status === 'rejected' || body.status === 'failed') {
          this.finish(cmd.commandId, body.status, { code: body.code, reason: body.reason });
        }
      } catch (e) {
        if (e.status === 404) this.update(cmd.commandId, { type: 'wait', why: 'the server lost it; sending again' });
      }
    }
    if (due.length) this.drain();
  }

  onBreaker(state) {
    const { sync } = this;
    sync.changed();
    // The status line says it (one place per message): no toast of its own.
    if (state === 'open') {
      this.later(Math.max(0, sync.api.breaker.retryAt - Date.now()) + 50, () => this.probe());
    } else if (state === 'closed') {
      this.drain();
      sync.catchUp();
    }
  }

  async probe() {
    const { breaker } = this.sync.api;
    if (breaker.state === 'closed') return;
    try {
      await this.sync.api.probe();
    } catch {
      if (breaker.state !== 'closed') this.later(Math.max(500, breaker.retryAt - Date.now()) + 50, () => this.probe());
    }
  }
}
