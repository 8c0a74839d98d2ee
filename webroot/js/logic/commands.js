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

/**
 * A W3C traceparent for one command: a trace of its own, the page as its parent span, sampled. Made once with the
 * command, so every retry (and a send after a reload) is part of the same trace.
 */
export function traceparent(cryptoObj = globalThis.crypto) {
  const hex = (n) => [...cryptoObj.getRandomValues(new Uint8Array(n))].map((x) => x.toString(16).padStart(2, '0')).join('');
  let trace = hex(16);
  let span = hex(8);
  if (/^0+$/.test(trace)) trace = `${trace.slice(0, 31)}1`;
  if (/^0+$/.test(span)) span = `${span.slice(0, 15)}1`;
  return `00-${trace}-${span}-01`;
}

export function makeCommand(kind, args, { mode = 'safe', now = Date.now(), commandId = uuid(), trace = traceparent() } = {}) {
  const row = kindOf(kind);
  if (!row?.request) throw new Error(`no command of kind ${kind} is sent from here`);
  const [method, path, body] = row.request(args);
  return {
    commandId, kind, mode, args: { ...args }, listId: args.listId ?? null, todoId: args.todoId ?? null,
    request: { method, path, body }, traceparent: trace, status: 'queued', attempts: 0, t: { created: now },
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

/** The server's hops, in order, as GET /api/commands/{id} gives them (epoch ms): the time each took after the last. */
export const HOPS = [['accepted', 'accept'], ['confirmed', 'confirm'], ['dequeued', 'queued'], ['decided', 'decided'],
  ['appended', 'appended'], ['folded', 'folded'], ['pushed', 'pushed']];

/**
 * Where the server spent a command's time: `[{name, from, ms}]`, `from` in ms after the page sent it (by the page's
 * and the server's clocks: on one machine they agree), each hop from the one before it that was recorded. Empty
 * until the server's hops are known.
 */
export function serverHops(cmd) {
  const hops = cmd.server?.hops;
  if (!hops || hops.accepted == null) return [];
  const out = [];
  let last = hops.accepted;
  const origin = cmd.t.sent ?? hops.accepted;
  for (const [key, name] of HOPS.slice(1)) {
    if (hops[key] == null) continue;
    const ms = Math.max(0, hops[key] - last);
    out.push({ name, from: Math.max(0, last - origin), ms: Math.round(ms * 10) / 10 });
    last = Math.max(last, hops[key]);
  }
  return out;
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
