import { describe } from './commands.js';
import { CONFLICT } from './change.js';

/**
 * A command refused because someone changed the same field first (README, "Conflicts"): told in words, and kept
 * until its author chooses — keep theirs, or apply mine again as a new command against the version now.
 */
export { CONFLICT };

export const isConflict = (c) => c.status === 'rejected' && c.code === CONFLICT;

/** The conflicts of a list still waiting for their author's choice, oldest first. */
export function openConflicts(commands, listId) {
  return commands.filter((c) => isConflict(c) && !c.resolved && c.listId === listId);
}

function said(change, args) {
  const who = change.byName ?? 'someone';
  if (change.field === 'completed') return `${who} ${change.value ? 'ticked' : 'unticked'} '${args.previousText ?? 'it'}'`;
  if (change.field === 'name') return `${who} renamed '${args.previousName ?? 'the list'}' to '${change.value}'`;
  return `${who} changed '${args.previousText ?? 'it'}' to '${change.value}'`;
}

/** "ana changed 'bread' to 'white bread' while you were offline — you wanted to edit 'bread' → 'rye bread'." */
export function conflictWords(cmd) {
  const changes = cmd.conflict?.changes ?? [];
  const theirs = changes.length ? changes.map((ch) => said(ch, cmd.args)).join(' and ') : cmd.reason ?? 'someone changed it';
  const when = cmd.madeOffline ? 'while you were offline' : 'before your change arrived';
  return `${theirs} ${when} — you wanted to ${describe(cmd)}.`;
}

/** The arguments to apply a conflicting command again: the same change, against what the user now sees. */
export function againArgs(cmd, list) {
  const { todoId } = cmd.args;
  const todo = todoId ? list?.todos?.find((t) => t.todoId === todoId) : null;
  const seen = todoId ? todo?.version : list?.version;
  const expectedVersion = Math.max(seen ?? 0, cmd.conflict?.version ?? 0) || undefined;
  const args = { ...cmd.args, expectedVersion };
  if (todo) args.previousText = todo.text;
  if (!todoId && list) args.previousName = list.name;
  return args;
}
