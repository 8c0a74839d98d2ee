import { isFinal } from './commands.js';
import { phaseOf, transition } from './change.js';
import { blankList, kindOf } from './kinds.js';

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

/**
 * Commands not finished yet, each in its phase as of `now` (logic/change.js): a Safe one accepted longer ago than
 * `patienceMs` is `slow` ("still processing"); nothing else is.
 */
export function pendingOf(commands, now, patienceMs) {
  return commands.filter((c) => !isFinal(c.status)).map((c) => {
    const seen = transition(c, { type: 'patience', patienceMs }, now);
    return { ...seen, slow: phaseOf(seen) === 'slow' };
  });
}

const idOf = (c) => c.listId ?? `pending-${c.commandId}`;
const creation = (c, listId = idOf(c)) => kindOf(c.kind).overlay(blankList(listId), c);

/**
 * The list picker: each list's name and whether it is pending or going — what every overlay says about a list
 * itself — plus the lists being created.
 */
export function listsView(model, commands) {
  const lists = Object.values(model.lists).map((l) => ({ listId: l.listId, name: l.name, version: l.version,
    owner: l.owner, members: l.members, pending: null, left: itemsLeft(l.todos) }));
  for (const c of commands.filter(overlaid)) {
    const row = kindOf(c.kind);
    const i = lists.findIndex((l) => l.listId === c.listId);
    if (row?.creates && i < 0) {
      const { todos, ...list } = creation(c);
      lists.push({ ...list, commandId: c.commandId });
    } else if (row && !row.creates && i >= 0) {
      const seen = row.overlay({ ...lists[i], todos: [] }, c);
      lists[i] = { ...lists[i], name: seen.name, pending: seen.pending, ...(seen.deleting && { deleting: true }) };
    }
  }
  return lists.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

/**
 * A todo of the model as the view shows it when no change of the user's is on it: one object per todo of the model,
 * the same on every call, so a row whose todo did not change is known by identity and left alone.
 */
const views = new WeakMap();
function shown(todo) {
  let view = views.get(todo);
  if (!view) views.set(todo, (view = { ...todo, pending: null }));
  return view;
}

/** One list with its todos and members, overlaid; null when neither the model nor a command knows it. */
export function listView(model, commands, listId) {
  const base = model.lists[listId];
  const creating = commands.find((c) => kindOf(c.kind)?.creates && overlaid(c) && idOf(c) === listId);
  if (!base && !creating) return null;
  let list = base
    ? { ...base, todos: base.todos === null ? null : base.todos.map(shown),
      members: base.members.map((m) => ({ ...m, pending: null })), pending: null }
    : creation(creating, listId);
  for (const c of commands) {
    const row = kindOf(c.kind);
    if (c.listId !== listId || !overlaid(c) || !row || row.creates) continue;
    list = row.overlay(list, c);
  }
  // A change not shown yet (Safe mode, or Optimistic before its 202) still marks its todo: the row says it is saving.
  for (const c of commands) {
    if (c.listId !== listId || isFinal(c.status) || overlaid(c) || !c.todoId || !list.todos) continue;
    list = { ...list, todos: list.todos.map((t) => (t.todoId === c.todoId && !t.pending
      ? { ...t, pending: c.status, commandId: c.commandId } : t)) };
  }
  return list;
}

/** TodoMVC's filters: All, Active (not done), Completed. */
export const FILTERS = Object.freeze({ all: () => true, active: (t) => !t.completed, completed: (t) => !!t.completed });

export const filterOf = (name) => (Object.hasOwn(FILTERS, name) ? name : 'all');

/** "N items left": the todos not done yet; null while a list's todos are not loaded. */
export const itemsLeft = (todos) => (todos ? todos.filter(FILTERS.active).length : null);
