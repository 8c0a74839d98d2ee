/**
 * The client's read model: the lists the user can see, folded from query answers and pushed events.
 * Each event is applied once (by cursor) and only if it is newer than the list version already held.
 * Pure functions: a new model comes back, the old one is untouched.
 */
const SEEN_LIMIT = 1000;

export function emptyModel() {
  return { lists: {}, seen: [], cursor: -1 };
}

function summaryOf(s, todos) {
  return {
    listId: s.listId, name: s.name, version: s.version, owner: s.owner,
    members: (s.members ?? []).map((m) => ({ userId: m.userId, username: m.username })), todos,
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
  const base = { ...model, seen, cursor };
  if (msg.status !== 'succeeded') return { model: base, applied: false, reason: 'outcome' };
  const p = msg.payload ?? {};
  const list = base.lists[msg.listId];

  if (msg.action === 'list-create') {
    if (list && list.version >= msg.version) return { model: base, applied: false, reason: 'stale' };
    const created = { listId: msg.listId, name: p.name, version: msg.version, owner: msg.actor,
      members: [{ userId: msg.actor, username: msg.actorName }], todos: [] };
    return { model: put(base, created), applied: true };
  }
  if (!list) {
    const sharedWithMe = msg.action === 'member-add' && p.userId === me;
    return { model: base, applied: false, reason: 'unknown-list', reload: sharedWithMe ? msg.listId : undefined };
  }
  if (msg.version <= list.version) return { model: base, applied: false, reason: 'stale' };
  const gap = msg.version > list.version + 1;
  const next = fold(list, msg, p);
  const result = next === null ? withoutList(base, msg.listId) : put(base, next);
  const removedMe = msg.action === 'member-remove' && p.userId === me;
  return {
    model: removedMe ? withoutList(result, msg.listId) : result,
    applied: true,
    reload: gap && next !== null && !removedMe ? msg.listId : undefined,
  };
}

function put(model, list) {
  return { ...model, lists: { ...model.lists, [list.listId]: list } };
}

function fold(list, msg, p) {
  const version = msg.version;
  const todos = list.todos;
  switch (msg.action) {
    case 'list-rename': return { ...list, version, name: p.name };
    case 'list-delete': return null;
    case 'member-add':
      return { ...list, version, members: list.members.some((m) => m.userId === p.userId)
        ? list.members : [...list.members, { userId: p.userId, username: p.username }] };
    case 'member-remove': return { ...list, version, members: list.members.filter((m) => m.userId !== p.userId) };
    case 'todo-create':
      if (todos === null || todos.some((t) => t.todoId === p.todoId)) return { ...list, version };
      return { ...list, version, todos: [...todos, { todoId: p.todoId, text: p.text, completed: false,
        createdBy: msg.actor, updatedAt: msg.at }] };
    case 'todo-update':
      return { ...list, version, todos: todos && todos.map((t) => (t.todoId !== p.todoId ? t : {
        ...t, text: p.text ?? t.text, completed: p.completed ?? t.completed, updatedAt: msg.at })) };
    case 'todo-delete': return { ...list, version, todos: todos && todos.filter((t) => t.todoId !== p.todoId) };
    default: return { ...list, version };
  }
}

/** Words for a toast about someone else's change ("ana added 'milk'"). */
export function narrate(msg, list) {
  const who = msg.actorName ?? 'someone';
  const p = msg.payload ?? {};
  const todo = (id) => list?.todos?.find((t) => t.todoId === id)?.text;
  const where = list?.name ? ` in '${list.name}'` : '';
  switch (msg.action) {
    case 'list-create': return `${who} created '${p.name}'`;
    case 'list-rename': return `${who} renamed '${list?.name ?? 'a list'}' to '${p.name}'`;
    case 'list-delete': return `${who} deleted '${list?.name ?? 'a list'}'`;
    case 'member-add': return `${who} shared '${list?.name ?? 'a list'}' with ${p.username}`;
    case 'member-remove': return `${who} removed ${p.username ?? 'a member'} from '${list?.name ?? 'a list'}'`;
    case 'todo-create': return `${who} added '${p.text}'${where}`;
    case 'todo-update':
      if (p.text !== undefined) return `${who} changed '${todo(p.todoId) ?? '…'}' to '${p.text}'`;
      return `${who} ${p.completed ? 'ticked' : 'unticked'} '${todo(p.todoId) ?? '…'}'`;
    case 'todo-delete': return `${who} deleted '${todo(p.todoId) ?? 'a todo'}'${where}`;
    default: return `${who}: ${msg.action}`;
  }
}
