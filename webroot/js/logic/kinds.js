import { phaseOf } from './change.js';

/**
 * Every kind of command the client knows, one row each, keyed by the `action` the server pushes with the kind's
 * events (README, "Push"). A row is all that is kind-specific on this side of the wire:
 *
 *   request(args)            how the command travels: [method, path, body]; `expectedVersion` in args is the version
 *                            of what it changes the user saw (the todo's for a todo, the list's for a list)
 *   describe(args)           the user's own command in words (pending changes, timeline, toasts)
 *   overlay(list, cmd)       the list view while the command is pending (mode permitting): todos, members, name
 *   fold(list, p, msg, me)   the client's list once the event with payload `p` arrived; null when it is gone for `me`
 *   narrate(p, who, list, me) someone else's event in words, for a toast ("ana added 'milk'"; `me` is "you")
 *   tone                     that toast's kind: 'info' or 'warning'
 *
 * and, only where a kind needs it:
 *
 *   creates                  it makes a new list: overlay and fold start from a blank list
 *   joins(p, me)             its event, for a list this client does not hold, gives that list to `me`: load it
 *   invites(p, me)           its event invites `me` to a list (which `me` cannot read yet): an invitation to answer
 *   answers(p, me)           its event (or its refusal) ends `me`'s invitation to the list: accepted or declined
 *   received                 the server still pushes it (for logs written before) but the page never sends it
 *   ends                     the list is gone once it succeeded: nothing to load afterwards
 *   undo                     it can be undone by a command of its own (so the undo is shared and survives a reload):
 *                            {of(args, cmd): [kind, args] or null, said(args): what was done, in words; afterDone: offered only
 *                            once the command succeeded — a move is undone by moving back, which needs it to be there}
 *   step                     it is step `n` of a saga (README, "Sagas"), whose events name it in `payload.sagaId`:
 *                            {n, words} for the author's timeline, and on the last step `settles(p)`, the outcome of
 *                            the command that opened the saga. Only the first step is sent by the client; the rows
 *                            of the others have no request, describe or overlay.
 *
 * Adding a kind on the client means adding its row here and the UI that issues it.
 */
const enc = encodeURIComponent;
const listPath = (a) => `/api/lists/${enc(a.listId)}`;
const todoPath = (a) => `${listPath(a)}/todos/${enc(a.todoId)}`;
const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const withVersion = (body, a) => (a.expectedVersion == null ? body : { ...body, expectedVersion: a.expectedVersion });

const mark = (x, c) => ({ ...x, pending: c.status, phase: phaseOf(c), commandId: c.commandId });
const nameOf = (list) => list?.name ?? 'a list';
const todoText = (list, todoId) => list?.todos?.find((t) => t.todoId === todoId)?.text;
const inList = (list) => (list?.name ? ` in '${list.name}'` : '');
/** The list with `p.userId` a member, invited no more. */
const joined = (list, p) => ({ ...list, invited: (list.invited ?? []).filter((m) => m.userId !== p.userId),
  members: list.members.some((m) => m.userId === p.userId) ? list.members : [...list.members, { userId: p.userId, username: p.username }] });

export const KINDS = Object.freeze({
  'list-create': {
    creates: true,
    request: (a) => ['POST', '/api/lists', { name: a.name }],
    describe: (a) => `create list '${a.name}'`,
    overlay: (list, c) => ({ ...list, name: c.args.name, pending: c.status }),
    fold: (list, p, msg) => ({ ...list, name: p.name, owner: msg.actor,
      members: [{ userId: msg.actor, username: msg.actorName }], todos: [] }),
    narrate: (p, who) => `${who} created '${p.name}'`,
    tone: 'info',
  },
  'list-rename': {
    request: (a) => ['PATCH', listPath(a), withVersion({ name: a.name }, a)],
    describe: (a) => `rename list to '${a.name}'`,
    overlay: (list, c) => ({ ...list, name: c.args.name, pending: c.status }),
    fold: (list, p) => ({ ...list, name: p.name }),
    narrate: (p, who, list) => `${who} renamed '${nameOf(list)}' to '${p.name}'`,
    tone: 'info',
  },
  'list-delete': {
    ends: true,
    request: (a) => ['DELETE', listPath(a), null],
    describe: (a) => `delete list '${a.name ?? ''}'`,
    overlay: (list, c) => ({ ...list, deleting: true, pending: c.status }),
    fold: () => null,
    narrate: (p, who, list) => `${who} deleted '${nameOf(list)}'`,
    tone: 'warning',
  },
  // Added without being asked, as before invitations: no longer sent, still in older logs.
  'member-add': {
    received: true,
    joins: (p, me) => p.userId === me,
    fold: (list, p) => joined(list, p),
    narrate: (p, who, list) => `${who} shared '${nameOf(list)}' with ${p.username}`,
    tone: 'info',
  },
  'member-invite': {
    invites: (p, me) => p.userId === me,
    request: (a) => ['POST', `${listPath(a)}/invitations`, { username: a.username }],
    describe: (a) => `invite ${a.username}`,
    overlay: (list, c) => ((list.invited ?? []).some((m) => m.username === c.args.username) ? list
      : { ...list, invited: [...(list.invited ?? []), { userId: null, username: c.args.username, pending: c.status }] }),
    fold: (list, p) => ({ ...list, invited: [...(list.invited ?? []).filter((m) => m.userId !== p.userId),
      { userId: p.userId, username: p.username }] }),
    narrate: (p, who, list, me) => (p.userId === me ? `${who} invited you to '${p.name}'`
      : `${who} invited ${p.username} to '${nameOf(list)}'`),
    tone: 'info',
  },
  'invitation-accept': {
    joins: (p, me) => p.userId === me,
    answers: (p, me) => p.userId === me,
    request: (a) => ['POST', `${listPath(a)}/invitation/accept`, null],
    describe: (a) => `accept the invitation to '${a.name ?? 'a list'}'`,
    overlay: (list) => list,
    fold: (list, p) => joined(list, p),
    narrate: (p, who, list) => `${who} joined '${nameOf(list)}'`,
    tone: 'info',
  },
  'invitation-decline': {
    answers: (p, me) => p.userId === me,
    request: (a) => ['POST', `${listPath(a)}/invitation/decline`, null],
    describe: (a) => `decline the invitation to '${a.name ?? 'a list'}'`,
    overlay: (list) => list,
    fold: (list, p) => ({ ...list, invited: (list.invited ?? []).filter((m) => m.userId !== p.userId) }),
    narrate: (p, who, list) => `${who} declined the invitation to '${nameOf(list)}'`,
    tone: 'info',
  },
  'member-remove': {
    request: (a) => ['DELETE', `${listPath(a)}/members/${enc(a.userId)}`, null],
    describe: (a) => `remove ${a.username ?? 'member'}`,
    overlay: (list, c) => ({ ...list, members: list.members.map((m) => (m.userId === c.args.userId
      ? { ...mark(m, c), removing: true } : m)) }),
    fold: (list, p, msg, me) => (p.userId === me ? null
      : { ...list, members: list.members.filter((m) => m.userId !== p.userId) }),
    narrate: (p, who, list, me) => `${who} removed ${p.userId === me ? 'you' : p.username ?? 'a member'} from '${nameOf(list)}'`,
    tone: 'warning',
  },
  'todo-create': {
    request: (a) => ['POST', `${listPath(a)}/todos`, { text: a.text }],
    describe: (a) => `add '${a.text}'`,
    overlay: (list, c) => {
      const todos = list.todos ?? [];
      if (c.todoId && todos.some((t) => t.todoId === c.todoId)) return list;
      return { ...list, todos: [...todos, mark({ todoId: c.todoId, text: c.args.text, completed: false }, c)] };
    },
    fold: (list, p, msg) => (list.todos === null || list.todos.some((t) => t.todoId === p.todoId) ? list
      : { ...list, todos: [...list.todos, { todoId: p.todoId, text: p.text, completed: false,
        createdBy: msg.actor, updatedAt: msg.at, version: msg.version }] }),
    narrate: (p, who, list) => `${who} added '${p.text}'${inList(list)}`,
    tone: 'info',
  },
  'todo-update': {
    request: (a) => ['PATCH', todoPath(a), withVersion(pick(a, ['text', 'completed']), a)],
    describe: (a) => (a.text !== undefined ? `edit '${a.previousText ?? ''}' → '${a.text}'`
      : `${a.completed ? 'tick' : 'untick'} '${a.previousText ?? ''}'`),
    overlay: (list, c) => ({ ...list, todos: (list.todos ?? []).map((t) => (t.todoId !== c.args.todoId ? t
      : mark({ ...t, text: c.args.text ?? t.text, completed: c.args.completed ?? t.completed }, c))) }),
    fold: (list, p, msg) => ({ ...list, todos: list.todos && list.todos.map((t) => (t.todoId !== p.todoId ? t
      : { ...t, text: p.text ?? t.text, completed: p.completed ?? t.completed, updatedAt: msg.at, version: msg.version })) }),
    // Ticking is undone by unticking (an edit of the text is not offered: the editor is the way back).
    undo: { of: (a) => (a.completed === undefined || a.text !== undefined ? null
      : ['todo-update', { listId: a.listId, todoId: a.todoId, completed: !a.completed, previousText: a.previousText }]),
    said: (a) => `${a.completed ? 'Ticked' : 'Unticked'} '${a.previousText ?? ''}'` },
    narrate: (p, who, list) => (p.text !== undefined
      ? `${who} changed '${todoText(list, p.todoId) ?? '…'}' to '${p.text}'`
      : `${who} ${p.completed ? 'ticked' : 'unticked'} '${todoText(list, p.todoId) ?? '…'}'`),
    tone: 'info',
  },
  'todo-delete': {
    request: (a) => ['DELETE', todoPath(a), a.expectedVersion == null ? null : { expectedVersion: a.expectedVersion }],
    describe: (a) => `delete '${a.previousText ?? ''}'`,
    overlay: (list, c) => ({ ...list, todos: (list.todos ?? []).map((t) => (t.todoId === c.args.todoId
      ? { ...mark(t, c), deleting: true } : t)) }),
    // Who deleted it stays known for a while: an editor left open on it says so.
    fold: (list, p, msg) => ({ ...list, todos: list.todos && list.todos.filter((t) => t.todoId !== p.todoId),
      gone: [...(list.gone ?? []).slice(-19), { todoId: p.todoId, by: msg.actorName, text: todoText(list, p.todoId) }] }),
    // Undone by restoring it as it was, same id (the server's RestoreTodo; offered only where this table has its row).
    undo: { of: (a) => ['todo-restore', { listId: a.listId, todoId: a.todoId, text: a.previousText, completed: !!a.completed }],
      said: (a) => `Deleted '${a.previousText ?? ''}'` },
    narrate: (p, who, list) => `${who} deleted '${todoText(list, p.todoId) ?? 'a todo'}'${inList(list)}`,
    tone: 'warning',
  },
  'todo-restore': {
    // Puts a deleted todo back, with its id, text and completion (the page's Undo).
    request: (a) => ['POST', `${listPath(a)}/todos/restore`, { todoId: a.todoId, text: a.text, completed: a.completed ?? false }],
    describe: (a) => `restore '${a.text}'`,
    overlay: (list, c) => {
      const todos = list.todos ?? [];
      if (todos.some((t) => t.todoId === c.args.todoId)) return list;
      return { ...list, todos: [...todos, mark({ todoId: c.args.todoId, text: c.args.text, completed: !!c.args.completed }, c)] };
    },
    fold: (list, p, msg) => (list.todos === null || list.todos.some((t) => t.todoId === p.todoId) ? list
      : { ...list, todos: [...list.todos, { todoId: p.todoId, text: p.text, completed: p.completed,
        createdBy: msg.actor, updatedAt: msg.at, version: msg.version }],
        ...(list.gone ? { gone: list.gone.filter((g) => g.todoId !== p.todoId) } : {}) }),
    narrate: (p, who, list) => `${who} restored '${p.text}'${inList(list)}`,
    tone: 'info',
  },
  'todo-move': {
    step: { n: 1, words: 'marked as moving' },
    request: (a) => ['POST', `${todoPath(a)}/move`, withVersion({ toListId: a.toListId }, a)],
    describe: (a) => `move '${a.previousText ?? ''}' to '${a.toName ?? 'another list'}'`,
    overlay: (list, c) => ({ ...list, todos: (list.todos ?? []).map((t) => (t.todoId === c.args.todoId
      ? { ...mark(t, c), moving: { toListId: c.args.toListId } } : t)) }),
    fold: (list, p) => ({ ...list, todos: list.todos && list.todos.map((t) => (t.todoId === p.todoId
      ? { ...t, moving: { sagaId: p.sagaId, toListId: p.toListId } } : t)) }),
    undo: { afterDone: true, said: (a) => `Moved '${a.previousText ?? ''}' to '${a.toName ?? 'another list'}'`,
      of: (a, c) => (c?.movedTo ? ['todo-move', { listId: a.toListId, todoId: c.movedTo, toListId: a.listId, toName: a.fromName,
        fromName: a.toName, previousText: a.previousText }] : null) },
    narrate: (p, who, list) => `${who} is moving '${p.text}' out of '${nameOf(list)}'`,
    tone: 'info',
  },
  'todo-move-in': {
    step: { n: 2, words: 'added to the other list' },
    fold: (list, p, msg) => (list.todos === null || list.todos.some((t) => t.todoId === p.todoId) ? list
      : { ...list, todos: [...list.todos, { todoId: p.todoId, text: p.text, completed: p.completed,
        movedFrom: p.fromListId, createdBy: msg.actor, updatedAt: msg.at, version: msg.version }] }),
    narrate: (p, who, list) => `${who} moved '${p.text}' into '${nameOf(list)}'`,
    tone: 'info',
  },
  'todo-move-out': {
    // Done: the todo lives on in the target under a new id, which moving it back (Undo) names.
    step: { n: 3, words: 'removed from this list', settles: (p) => ({ status: 'confirmed', movedTo: p.toTodoId }) },
    fold: (list, p, msg) => ({ ...list, todos: list.todos && list.todos.filter((t) => t.todoId !== p.todoId),
      gone: [...(list.gone ?? []).slice(-19), { todoId: p.todoId, by: msg.actorName, text: todoText(list, p.todoId), moved: true }] }),
    narrate: (p, who, list) => `${who} moved '${todoText(list, p.todoId) ?? 'a todo'}' out of '${nameOf(list)}'`,
    tone: 'info',
  },
  'todo-move-undo': {
    // The compensation: the todo stays as it was, and the move ends refused, for the reason step 2 gave.
    step: { n: 3, words: 'rolled back: it is back where it was',
      settles: (p) => ({ status: 'rejected', code: p.code, reason: `${p.reason} — it is back where it was` }) },
    fold: (list, p) => ({ ...list, todos: list.todos && list.todos.map((t) => {
      if (t.todoId !== p.todoId) return t;
      const { moving, ...back } = t;
      return back;
    }) }),
    narrate: (p, who, list) => `${who} could not move '${todoText(list, p.todoId) ?? 'a todo'}': it is back in '${nameOf(list)}'`,
    tone: 'warning',
  },
});

/** The row of a kind (a command's `kind`, an event's `action`), or null for one this client does not know. */
export const kindOf = (name) => (Object.hasOwn(KINDS, name) ? KINDS[name] : null);

/**
 * Names this client once gave kinds before it used the server's: commands stored under them (queued offline
 * before an upgrade) are read under the new name, so none is lost.
 */
export const RENAMED = Object.freeze({ 'todo-add': 'todo-create' });

/** A list as a blank to overlay or fold a `creates` kind onto. */
export const blankList = (listId) => ({ listId, name: '', version: 0, owner: null, members: [], todos: [] });
