import { describe } from './commands.js';
import { phaseOf } from './change.js';

/** How long a refusal is told after a reload, at most, when nobody dismissed it. */
const KEEP_MS = 60 * 60_000;

/**
 * What the page says about the user's own changes, drawn from the commands themselves, so a notice goes the moment its
 * cause does (dismissed, retried, undone) and comes back after a reload while it still holds. A refusal or a failure
 * is an error notice until dismissed; a failure can be retried as it was, its text kept. A conflict is no notice: it
 * is told in its list, with its choice. Each notice: {key, kind, text, actions: ['retry'|…], listId}.
 */
export function noticesOf(commands, now = Date.now()) {
  const notices = [];
  for (const c of commands) {
    const phase = phaseOf(c);
    if ((phase !== 'rejected' && phase !== 'failed') || c.dismissed || c.resolved || now - (c.t.done ?? now) > KEEP_MS) continue;
    notices.push({ key: c.commandId, kind: 'error', text: `Could not ${describe(c)}: ${c.reason ?? phase}`,
      actions: phase === 'failed' ? ['retry'] : [], listId: c.listId });
  }
  return notices;
}
