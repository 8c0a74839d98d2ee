import { describe } from './commands.js';
import { phaseOf } from './change.js';
import { kindOf as tableKindOf } from './kinds.js';

/** How long a refusal is told after a reload, at most, when nobody dismissed it. */
const KEEP_MS = 60 * 60_000;
/** How long the latest change can be undone from its notice. */
export const UNDO_MS = 10_000;

/** The command that undoes `cmd` ([kind, args]), when its kind can be undone and this client knows the undoing kind. */
export function undoOf(cmd, kindOf = tableKindOf) {
  const undo = kindOf(cmd.kind)?.undo;
  const inverse = undo?.of(cmd.args, cmd);
  return inverse && kindOf(inverse[0]) ? [inverse[0], { ...inverse[1], undoes: cmd.commandId }] : null;
}

/**
 * What the page says about the user's own changes, drawn from the commands themselves, so a notice goes the moment its
 * cause does (dismissed, retried, undone, timed out) and comes back after a reload while it still holds. Each notice:
 * {key, kind, text, actions, listId, until?}.
 *
 *  - A refusal or a failure is an error notice until dismissed; a failure can be retried as it was, its text kept.
 *    A conflict is no notice: it is told in its list, with its choice.
 *  - The latest change that can be undone offers Undo for UNDO_MS (a change made with others in one go — Clear
 *    completed — is undone with them). A move is offered once it is done; an undo is not offered again.
 */
export function noticesOf(commands, now = Date.now(), kindOf = tableKindOf) {
  const notices = [];
  for (const c of commands) {
    const phase = phaseOf(c);
    if ((phase !== 'rejected' && phase !== 'failed') || c.dismissed || c.resolved || now - (c.t.done ?? now) > KEEP_MS) continue;
    notices.push({ key: c.commandId, kind: 'error', text: `Could not ${describe(c)}: ${c.reason ?? phase}`,
      actions: phase === 'failed' ? ['retry'] : [], listId: c.listId });
  }
  const offer = undoOffer(commands, now, kindOf);
  if (offer) notices.push(offer);
  return notices;
}

function undoOffer(commands, now, kindOf) {
  let latest = null;
  for (const c of commands) {
    const undo = kindOf(c.kind)?.undo;
    if (!undo || c.undone || c.dismissed || c.args.undoes || ['rejected', 'failed'].includes(c.status)) continue;
    if (undo.afterDone && c.status !== 'confirmed') continue;
    const from = undo.afterDone ? c.t.done : c.t.created;
    if (now - from > UNDO_MS || !undoOf(c, kindOf)) continue;
    if (!latest || from >= latest.from) latest = { c, from, undo };
  }
  if (!latest) return null;
  const { c, from, undo } = latest;
  const together = c.args.batch ? commands.filter((x) => x.args.batch === c.args.batch).length : 1;
  const text = together > 1 ? `${undo.said(c.args).split(' ')[0]} ${together} todos` : undo.said(c.args);
  return { key: c.commandId, kind: 'info', text, actions: ['undo'], listId: c.listId, until: from + UNDO_MS };
}
