import { isFinal } from './commands.js';

/**
 * What the user sees = the read model + the changes of their own unfinished commands, according to the mode
 * each command was made in: Safe never shows them early, Optimistic once the server accepted (202),
 * Brave at once. A rejected or failed command simply stops being overlaid: that is the rollback.
 */
export const MODES = ['safe', 'optimistic', 'brave'];

export function overlaid(cmd) {
  if (isFinal(cmd.status)) return false;
  if (cmd.mode === 'brave') return true;
  if (cmd.mode === 'optimistic') return cmd.status === 'accepted';
  return false;
}

/** Commands not finished yet, flagged `slow` once older than `patienceMs` (Safe mode's "still processing"). */
export function pendingOf(commands, now, patienceMs) {
  return commands.filter((c) => !isFinal(c.status))
    .map((c) => ({ ...c, slow: c.status !== 'queued' && now - (c.t.sent ?? c.t.created) >= patienceMs }));
}

export function listsView(model, commands) {
  const lists = Object.values(model.lists).map((l) => ({ listId: l.listId, name: l.name, version: l.version,
    owner: l.owner, members: l.members, pending: null }));
  for (const c of commands.filter(overlaid)) {
    const i = lists.findIndex((l) => l.listId === c.listId);
    if (c.kind === 'list-create' && i < 0) {
      lists.push({ listId: c.listId ?? `pending-${c.commandId}`, name: c.args.name, version: 0, owner: null,
        members: [], pending: c.status, commandId: c.commandId });
    } else if (c.kind === 'list-rename' && i >= 0) {
      lists[i] = { ...lists[i], name: c.args.name, pending: c.status };
    } else if (c.kind === 'list-delete' && i >= 0) {
      lists[i] = { ...lists[i], pending: c.status, deleting: true };
    }
  }
  return lists.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

/** One list with its todos and members, overlaid; null when neither the model nor a command knows it. */
export function listView(model, commands, listId) {
  const base = model.lists[listId];
  const creating = commands.find((c) => c.kind === 'list-create' && overlaid(c)
    && (c.listId ?? `pending-${c.commandId}`) === listId);
  if (!base && !creating) return null;
  let list = base
    ? { ...base, todos: base.todos === null ? null : base.todos.map((t) => ({ ...t, pending: null })),
      members: base.members.map((m) => ({ ...m, pending: null })), pending: null }
    : { listId, name: creating.args.name, version: 0, owner: null, members: [], todos: [], pending: creating.status };
  for (const c of commands) {
    if (c.listId !== listId || !overlaid(c)) continue;
    list = overlay(list, c);
  }
  return list;
}

function overlay(list, c) {
  const a = c.args;
  const todos = list.todos ?? [];
  const mark = (t) => ({ ...t, pending: c.status, commandId: c.commandId });
  switch (c.kind) {
    case 'list-rename': return { ...list, name: a.name, pending: c.status };
    case 'list-delete': return { ...list, deleting: true, pending: c.status };
    case 'member-add':
      if (list.members.some((m) => m.username === a.username)) return list;
      return { ...list, members: [...list.members, { userId: null, username: a.username, pending: c.status }] };
    case 'member-remove':
      return { ...list, members: list.members.map((m) => (m.userId === a.userId ? { ...mark(m), removing: true } : m)) };
    case 'todo-add':
      if (c.todoId && todos.some((t) => t.todoId === c.todoId)) return list;
      return { ...list, todos: [...todos, mark({ todoId: c.todoId, text: a.text, completed: false })] };
    case 'todo-update':
      return { ...list, todos: todos.map((t) => (t.todoId !== a.todoId ? t : mark({ ...t,
        text: a.text ?? t.text, completed: a.completed ?? t.completed }))) };
    case 'todo-delete':
      return { ...list, todos: todos.map((t) => (t.todoId === a.todoId ? { ...mark(t), deleting: true } : t)) };
    default: return list;
  }
}
