import { listView, listsView, pendingOf } from '../logic/view.js';
import { isFinal } from '../logic/commands.js';
import { phaseWords } from '../logic/change.js';
import { openConflicts } from '../logic/conflicts.js';
import { noticesOf } from '../logic/notices.js';
import { connection, reachable } from '../logic/outage.js';
import { net } from '../dom.js';

const $ = (selector) => document.querySelector(selector);

/** How long after adding a todo its row is brought into view and marked when it arrives. */
const JUST_ADDED_MS = 15_000;

/**
 * The page from its state: each component gets what it shows. `page` is app.js's state; `hooks.select` changes the
 * open list (when the one open is gone, or a list the user made exists now).
 */
export function draw(page, { api, select }) {
  const { prefs, online, session } = page;
  net.online = online;
  const me = session?.me;
  $('#auth-view').hidden = !!me;
  $('#app-view').hidden = !me;
  $('#who').textContent = me ? me.username : '';
  $('#sign-out').hidden = !me;
  // Signing out needs the server (the session cookie is HttpOnly); offline the button waits for the network.
  $('#sign-out').disabled = !online;
  $('#sign-out').title = online ? '' : 'Signing out needs the network';
  const breaker = api.breaker.state;
  $('ev-auth').state = { offline: !online, busy: false, error: $('ev-auth').error ?? '', nudge: $('ev-auth').nudge ?? '' };
  $('ev-mode').state = { mode: prefs.mode, patienceSeconds: prefs.patienceSeconds, transport: prefs.transport ?? 'auto' };
  $('ev-chaos').state = { chaos: page.chaos, message: page.chaosMessage, disabled: !online };
  const sync = session?.sync;
  const queued = sync ? sync.store.outbox().length : 0;
  page.conn = connection(page.conn, { online, signedIn: !!session, breaker, bus: sync?.busState ?? 'closed', waiting: queued,
    servedAt: api.servedAt });
  $('ev-status').state = { conn: page.conn, queued, online, bus: sync?.busState ?? 'closed', breaker,
    transport: session?.bus.transport ?? '' };
  if (!session) {
    $('ev-toasts').state = { notices: [], names: {} };
    return;
  }
  const commands = sync.store.all();
  const now = Date.now();
  openCreated(page, sync, commands, select);
  const lists = listsView(sync.model, commands);
  const kept = sync.loaded ? session.drafts.kept(new Set(lists.map((l) => l.listId))) : [];
  $('ev-drafts').state = { kept, lists };
  $('ev-invitations').state = { invitations: Object.values(sync.model.invitations ?? {}), commands, reachable: reachable(page.conn) };
  if (!lists.some((l) => l.listId === page.selected) && sync.loaded) {
    // The open list went (deleted, or the user removed from it). Had they been in it, the focus goes to what they
    // typed there, kept, or else to the list that opens instead.
    const active = document.activeElement;
    const inside = !active || active === document.body || !!active.closest('ev-list');
    const rescued = kept.some((k) => k.listId === page.selected);
    select(lists.find((l) => !l.pending)?.listId ?? null, inside && page.selected ? (rescued ? 'ev-drafts' : '#list-title') : false);
  }
  const { selected } = page;
  $('ev-lists').state = { lists, selected };
  $('ev-toasts').state = { notices: noticesOf(commands, now), names: Object.fromEntries(lists.map((l) => [l.listId, l.name])) };
  const list = selected ? listView(sync.model, commands, selected) : null;
  $('#list-view').hidden = !list;
  $('#no-list').hidden = !!list;
  if (list) {
    const mine = commands.filter((c) => c.listId === selected);
    const pending = pendingOf(mine, now, prefs.patienceSeconds * 1000);
    const recent = mine.filter((c) => now - c.t.created < JUST_ADDED_MS);
    $('ev-list').state = { list, me, pending, conflicts: openConflicts(commands, selected), reachable: reachable(page.conn), lists,
      recent, online, filter: page.filter, draft: session.drafts.text(selected) };
    const reason = !online ? 'Offline: who else is here is not known.'
      : sync.busState !== 'open' ? 'Live updates down: who else is here is not known.' : '';
    $('ev-presence').state = { members: list.members, online: sync.presence.of(selected), me, reason };
  }
  const orphans = pendingOf(commands.filter((c) => !c.listId), now, prefs.patienceSeconds * 1000);
  // A live region: touch it only when its words change, or screen readers hear the same line every second.
  const lines = orphans.map((c) => `${c.args.name ?? c.kind}: ${phaseWords(c, { online })}`);
  const box = $('#list-pending');
  if (box.dataset.lines !== JSON.stringify(lines)) {
    box.dataset.lines = JSON.stringify(lines);
    box.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
  }
  $('ev-timeline').state = { commands, now };
  if ($('ev-timeline details')?.open) sync.sender.traceHops(commands);
}

/** A list the user just created opens once it exists, and the focus goes to its new-todo input: what comes next. */
function openCreated(page, sync, commands, select) {
  const cmd = page.opening && commands.find((c) => c.commandId === page.opening);
  if (!cmd || (isFinal(cmd.status) && cmd.status !== 'confirmed')) {
    page.opening = null;
    return;
  }
  if (cmd.listId && listView(sync.model, commands, cmd.listId)) {
    page.opening = null;
    const active = document.activeElement;
    select(cmd.listId, !active || active === document.body || active.closest('ev-lists') ? '#new-todo' : false);
  }
}
