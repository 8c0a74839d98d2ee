import { kindOf } from './kinds.js';
import { transition } from './change.js';

/** Command records: what the user asked for, how it travels (method, path, body) and where it is now. */
export const STATUSES = ['queued', 'sending', 'accepted', 'confirmed', 'rejected', 'failed'];
const FINAL = new Set(['confirmed', 'rejected', 'failed']);
export const isFinal = (status) => FINAL.has(status);

export function uuid(cryptoObj = globalThis.crypto) {
  if (typeof cryptoObj.randomUUID === 'function') return cryptoObj.randomUUID();
  const b = cryptoObj.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function makeCommand(kind, args, { mode = 'safe', now = Date.now(), commandId = uuid() } = {}) {
  const row = kindOf(kind);
  if (!row?.request) throw new Error(`no command of kind ${kind} is sent from here`);
  const [method, path, body] = row.request(args);
  return {
    commandId, kind, mode, args: { ...args }, listId: args.listId ?? null, todoId: args.todoId ?? null,
    request: { method, path, body }, status: 'queued', attempts: 0, t: { created: now },
  };
}

const EVENT_OF = { queued: 'wait', sending: 'send', accepted: 'accept', confirmed: 'confirm', rejected: 'reject', failed: 'fail' };

/** Moves a command on by the status it reached, through the one state machine (logic/change.js). */
export function advance(cmd, status, patch = {}, now = Date.now()) {
  return transition(cmd, { ...patch, type: EVENT_OF[status] }, now);
}

export function describe(cmd) {
  return kindOf(cmd.kind)?.describe(cmd.args) ?? cmd.kind;
}

/**
 * Milliseconds for the timeline: waiting in the outbox, then from sending to the HTTP 202 and from sending to
 * the outcome (its event). The event can beat the 202, so both are measured from sending.
 */
export function timings(cmd) {
  const { created, sent, accepted, done } = cmd.t;
  const gap = (from, to) => (from != null && to != null ? to - from : null);
  return { waited: gap(created, sent), toAccepted: gap(sent, accepted), toDone: gap(sent, done) };
}

/**
 * What a pushed message says of one of the user's own commands: which one (a saga's steps name the command that
 * opened it), the step to show in its timeline, and the outcome when the message ends it (null while it goes on).
 */
export function outcomeOf(msg, now = Date.now()) {
  const p = msg.payload ?? {};
  const step = kindOf(msg.action)?.step;
  const done = msg.status === 'succeeded';
  if (!step || !p.sagaId) {
    return { commandId: msg.commandId, end: { status: done ? 'confirmed' : msg.status, code: p.code, reason: p.reason,
      conflict: p.conflict } };
  }
  const end = done && step.settles ? step.settles(p) : null;
  return {
    commandId: p.sagaId,
    step: { n: step.n, at: now, status: msg.status, words: done ? step.words : `refused: ${p.reason}`,
      undo: end?.status === 'rejected' },
    end,
  };
}
