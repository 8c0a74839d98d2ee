import { blankList, kindOf } from './kinds.js';

/**
 * The client's read model: the lists the user can see, folded from query answers and pushed events.
 * Each event is applied once (by cursor) and only if it is newer than the list version already held.
 * Pure functions: a new model comes back, the old one is untouched.
 */
const SEEN_LIMIT = 1000;

export function emptyModel() {
  return { lists: {}, invitations: {}, seen: [], cursor: -1 };
}

function summaryOf(s, todos) {
  return {
    listId: s.listId, name: s.name, version: s.version, owner: s.owner,
    members: (s.members ?? []).map((m) => ({ userId: m.userId, username: m.username })), todos,
    invited: (s.invited ?? []).map((m) => ({ userId: m.userId, username: m.username })),
  };
}

/** Replaces the set of lists with a `GET /api/lists` answer, keeping whatever is fresher locally. */
export function withLists(model, summaries) {
  const lists = {};
  for (const s of summaries) {
    const old = model.lists[s.listId];
    if (old && old.version > s.version) lists[s.listId] = old;
    else lists[s.listId] = summaryOf(s, old && old.version === s.version ? old.todos : null);
  }
  return { ...model, lists };
}

/** Takes a `GET /api/lists/{id}` answer unless the model already holds a newer version. */
export function withList(model, view) {
  const old = model.lists[view.listId];
  if (old && old.todos !== null && old.version > view.version) return model;
  const todos = (view.todos ?? []).map((t) => ({ ...t }));
  return { ...model, lists: { ...model.lists, [view.listId]: summaryOf(view, todos) } };
}

/** Takes a `GET /api/invitations` answer: the invitations waiting for this user's answer, by list. */
export function withInvitations(model, invitations) {
  return { ...model, invitations: Object.fromEntries(invitations.map((i) => [i.listId, i])) };
}

/** The invitations after `msg`: one more when it invites `me`, one fewer when it (or its refusal) ends one of `me`'s. */
function invitationsAfter(invitations, row, msg, me) {
  const p = msg.payload ?? {};
  if (msg.status === 'succeeded' && row?.invites?.(p, me)) {
    return { ...invitations, [msg.listId]: { listId: msg.listId, name: p.name, by: msg.actor, byName: msg.actorName, at: msg.at } };
  }
  const ended = msg.status === 'succeeded' ? row?.answers?.(p, me) : row?.answers && msg.actor === me;
  if (!ended || !invitations[msg.listId]) return invitations;
  const rest = { ...invitations };
  delete rest[msg.listId];
  return rest;
}

export function withoutList(model, listId) {
  const lists = { ...model.lists };
  delete lists[listId];
  return { ...model, lists };
}

/** Forget which cursors were applied, so a catch-up after a reload is judged by versions alone. */
export function forgetSeen(model) {
  return { ...model, seen: [] };
}

/**
 * Folds one pushed/caught-up message. Returns { model, applied, reason, reload } where `reload` names a
 * list whose state must be fetched (shared with me, or a version gap showed events went missing).
 */
export function applyEvent(model, msg, me) {
  if (msg.cursor != null && model.seen.includes(msg.cursor)) return { model, applied: false, reason: 'duplicate' };
  const seen = msg.cursor == null ? model.seen : [...model.seen, msg.cursor].slice(-SEEN_LIMIT);
  const cursor = Math.max(model.cursor, msg.cursor ?? -1);
  const row = kindOf(msg.action);
  const before = model.invitations ?? {};
  const invitations = invitationsAfter(before, row, msg, me);
  const base = { ...model, seen, cursor, invitations };
  const invited = !before[msg.listId] && !!invitations[msg.listId];
  if (msg.status !== 'succeeded') return { model: base, applied: false, reason: 'outcome' };
  const p = msg.payload ?? {};
  const list = base.lists[msg.listId];
  if (!list) {
    if (row?.creates) return { model: put(base, folded(row, blankList(msg.listId), p, msg, me)), applied: true };
    const joined = row?.joins?.(p, me) ?? false;
    return { model: base, applied: false, reason: 'unknown-list', reload: joined ? msg.listId : undefined, invited };
  }
  if (msg.version <= list.version) return { model: base, applied: false, reason: 'stale' };
  const gap = msg.version > list.version + 1;
  const next = row ? folded(row, list, p, msg, me) : { ...list, version: msg.version };
  if (next === null) return { model: withoutList(base, msg.listId), applied: true, reload: undefined };
  return { model: put(base, next), applied: true, reload: gap ? msg.listId : undefined };
}

function folded(row, list, p, msg, me) {
  const next = row.fold(list, p, msg, me);
  return next === null ? null : { ...next, version: msg.version };
}

function put(model, list) {
  return { ...model, lists: { ...model.lists, [list.listId]: list } };
}

/** Words for a toast about someone else's change ("ana added 'milk'"); `me` is said as "you". */
export function narrate(msg, list, me) {
  const who = msg.actorName ?? 'someone';
  return kindOf(msg.action)?.narrate(msg.payload ?? {}, who, list, me) ?? `${who}: ${msg.action}`;
}

/** That toast's kind: a warning when something went away. */
export const toneOf = (msg) => kindOf(msg.action)?.tone ?? 'info';
