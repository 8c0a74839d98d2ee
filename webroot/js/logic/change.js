/**
 * One change the user made, from the outbox to its outcome, as one state machine: every place that shows a change
 * (its row, the pending list, the timeline, the status line's count) reads its one phase, the latest true one, and
 * nothing else. A phase never goes back except to wait again (`wait`: offline, the server paused, the session gone, or
 * the server lost it), and each phase carries only what is true of it: a retry's error goes once the server answered.
 *
 *   queued    waiting to send                   sending   an attempt is on its way
 *   retrying  an attempt failed, the next one comes by itself (the error says why)
 *   accepted  the server took it (202); its outcome comes by push
 *   slow      accepted and not shown yet for longer than Safe mode's patience
 *   confirmed, rejected, conflict (refused: someone changed the same field first), failed   — final
 *
 * `status` (queued, sending, accepted, confirmed, rejected, failed) is the phase as the outbox and the overlays know it.
 */
/** The code of a refusal because someone changed the same field first (README, "Conflicts"). */
export const CONFLICT = 'version_conflict';

export const PHASES = Object.freeze(['queued', 'sending', 'retrying', 'accepted', 'slow', 'confirmed', 'rejected', 'conflict',
  'failed']);
export const EVENTS = Object.freeze(['send', 'retry', 'wait', 'accept', 'patience', 'confirm', 'reject', 'fail']);

const STATUS = Object.freeze({ queued: 'queued', sending: 'sending', retrying: 'sending', accepted: 'accepted', slow: 'accepted',
  confirmed: 'confirmed', rejected: 'rejected', conflict: 'rejected', failed: 'failed' });
const FINAL = new Set(['confirmed', 'rejected', 'conflict', 'failed']);
const ON_WAY = new Set(['queued', 'sending', 'retrying']);
const AFTER_SENT = new Set(['accepted', 'slow']);

/** Where each event leads from each phase; a pair not listed leaves the change as it is. */
const NEXT = Object.freeze({
  send: { queued: 'sending', retrying: 'sending' },
  retry: { sending: 'retrying', retrying: 'retrying' },
  wait: { sending: 'queued', retrying: 'queued', accepted: 'queued', slow: 'queued' },
  accept: { queued: 'accepted', sending: 'accepted', retrying: 'accepted' },
  patience: { accepted: 'slow' },
  confirm: Object.fromEntries([...ON_WAY, ...AFTER_SENT].map((p) => [p, 'confirmed'])),
  reject: Object.fromEntries([...ON_WAY, ...AFTER_SENT].map((p) => [p, 'rejected'])),
  fail: Object.fromEntries([...ON_WAY, ...AFTER_SENT].map((p) => [p, 'failed'])),
});

/** A change's phase; records from before the machine (status only) read as their status says. */
export const phaseOf = (cmd) => cmd.phase ?? (cmd.status === 'rejected' && cmd.code === CONFLICT ? 'conflict' : cmd.status);

export const isFinalPhase = (phase) => FINAL.has(phase);

/**
 * The change after `event` ({type, ...}): `retry` {error}, `wait` {why}, `accept` {listId, todoId}, `patience`
 * {patienceMs} (Safe mode only, once that long since sending), `confirm` {version}, `reject` {code, reason, conflict},
 * `fail` {reason}. Times are kept however the phase goes: the 202 may come after the outcome.
 */
export function transition(cmd, event, now = Date.now()) {
  const { type, why, patienceMs, ...fields } = event;
  const from = phaseOf(cmd);
  const t = { ...cmd.t };
  if (type === 'send' && t.sent == null) t.sent = now;
  if (type === 'accept' && t.accepted == null) t.accepted = now;
  let to = NEXT[type]?.[from];
  if (type === 'patience' && (cmd.mode !== 'safe' || now - (t.sent ?? t.created) < (patienceMs ?? Infinity))) to = undefined;
  if (to === undefined) {
    const ids = type === 'accept' ? Object.fromEntries(['listId', 'todoId'].filter((k) => fields[k] != null).map((k) => [k, fields[k]])) : {};
    return { ...cmd, ...ids, t, phase: from, status: STATUS[from] ?? cmd.status };
  }
  if (to === 'rejected' && fields.code === CONFLICT) to = 'conflict';
  if (isFinalPhase(to) && t.done == null) t.done = now;
  const next = { ...cmd, ...fields, t, phase: to, status: STATUS[to] };
  next.error = to === 'retrying' ? fields.error ?? cmd.error ?? null : null;
  next.waitingFor = to === 'queued' ? why ?? null : null;
  if (type === 'retry') next.tries = (cmd.tries ?? 1) + 1;
  if (type === 'send') next.attempts = (cmd.attempts ?? 0) + 1;
  return next;
}

/** The one line a change's phase says, wherever it is shown. */
export function phaseWords(cmd, { online = true } = {}) {
  const phase = phaseOf(cmd);
  switch (phase) {
    case 'queued':
      if (!online) return 'queued (offline)';
      return cmd.waitingFor ? `waiting to send — ${cmd.waitingFor}` : 'waiting to send';
    case 'sending': return 'sending…';
    case 'retrying': return `sending again${cmd.error ? ` (${cmd.error})` : ''}…`;
    case 'accepted': return 'accepted';
    case 'slow': return 'still processing — it will appear when ready';
    case 'confirmed': return 'confirmed';
    case 'rejected': return 'rejected';
    case 'conflict': return 'conflict: choose in the list';
    case 'failed': return 'failed';
    default: return phase;
  }
}
