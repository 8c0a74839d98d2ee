import { Api } from './api.js';
import { Bus } from './bus.js';
import { EventStream } from './stream.js';
import { Link } from './link.js';
import { Sync } from './sync/sync.js';
import { CommandStore } from './logic/outbox.js';
import { Drafts } from './logic/drafts.js';
import { uuid } from './logic/commands.js';
import { KINDS, kindOf } from './logic/kinds.js';
import { frames } from './page/frames.js';
import { draw } from './page/draw.js';
import { filterOf } from './logic/view.js';
import './components/ev-auth.js';
import './components/ev-lists.js';
import './components/ev-list.js';
import './components/ev-toasts.js';
import './components/ev-status.js';
import './components/ev-mode.js';
import './components/ev-timeline.js';
import './components/ev-chaos.js';
import './components/ev-presence.js';
import './components/ev-drafts.js';
import './components/ev-invitations.js';

/** Composes the page: session, one Sync per signed-in user, and state handed down to the components. */
const $ = (selector) => document.querySelector(selector);
const api = new Api();

/**
 * All the page's state, changed only by the functions below. `session` is there while someone is signed in:
 * the user, their socket and their Sync start and end together.
 */
const page = {
  prefs: { mode: 'safe', patienceSeconds: 10, ...read('eventual.prefs') },
  online: navigator.onLine,
  selected: listInPath() === undefined ? localStorage.getItem('eventual.selected') : listInPath(),
  chaos: null,
  chaosMessage: '',
  session: null,
  opening: null,
  conn: null,
  filter: filterOf(new URLSearchParams(location.search).get('filter')),
};

/**
 * The pages without JavaScript and this app share their URLs (issue 24): `/lists/{id}` opens that list, `/lists` none;
 * elsewhere (`/`) the list opened last. undefined: the path names nothing.
 */
function listInPath() {
  const m = /^\/lists(?:\/([0-9a-f-]{36}))?\/?$/.exec(location.pathname);
  return m ? (m[1] ?? null) : undefined;
}

/** The URL says which list is open, so a link or bookmark opens it again, with JavaScript or without. */
function showInPath(listId) {
  const path = listId ? `/lists/${listId}` : '/lists';
  if (location.pathname !== path) history.replaceState(null, '', path + location.search);
}

/**
 * The server's page (#plain, README "Without JavaScript") was the first paint; the app takes over once it knows who
 * is signed in and has drawn that, so no blank page comes between.
 */
function takeOver() {
  whenDrawn(() => document.getElementById('plain')?.remove());
}

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? {};
  } catch {
    return {};
  }
}

function toast(text, kind = 'info', more = {}) {
  document.dispatchEvent(new CustomEvent('ev-toast', { detail: { ...more, text, kind } }));
}

const { render, whenDrawn } = frames(() => draw(page, { api, select }));

function submit({ kind, args }) {
  const cmd = page.session?.sync.submit(kind, args);
  if (cmd && kindOf(kind)?.creates) page.opening = cmd.commandId;
}

/** Opens a list; `focus` names where the focus goes once it is drawn (true: its title), or false to leave it. */
function select(listId, focus = true) {
  page.selected = listId;
  if (listId || listInPath() !== undefined) showInPath(listId);
  if (listId) localStorage.setItem('eventual.selected', listId);
  else localStorage.removeItem('eventual.selected');
  if (focus) whenDrawn(() => $(focus === true ? '#list-title' : focus)?.focus());
  page.session?.sync.presence.update();
}

/** The list this tab is showing someone, for presence: none while hidden or offline. */
function shownList() {
  return page.session && page.selected && document.visibilityState === 'visible' && page.online ? page.selected : null;
}

async function startSession(me) {
  localStorage.setItem('eventual.lastUser', JSON.stringify(me));
  const bus = new Link({ socket: () => new Bus('/eventbus'), stream: () => new EventStream('/api/events/stream'),
    prefer: page.prefs.transport ?? 'auto', probe: () => api.me().then(() => true, () => false) });
  // Every tab of this user shares one outbox in localStorage; a Web Lock lets one tab at a time send from it.
  const lock = navigator.locks ? (name, fn) => navigator.locks.request(name, fn) : undefined;
  const { prefs, online } = page;
  const sync = new Sync({ api, bus, storage: localStorage, me, mode: prefs.mode, patienceMs: prefs.patienceSeconds * 1000, online, lock });
  page.session = { me, bus, sync, drafts: new Drafts(localStorage, `eventual.drafts.${me.userId}`) };
  sync.addEventListener('change', render);
  sync.addEventListener('gone', (e) => {
    const { listId, name, by, why } = e.detail;
    page.session?.drafts.gone(listId, name, by, why);
  });
  sync.addEventListener('toast', (e) => toast(e.detail.text, e.detail.kind, e.detail));
  sync.addEventListener('signed-out', () => endSession('Your session ended; sign in again.', { ended: true }));
  loadConfig();
  render();
  sync.presence.follow(shownList);
  await sync.start();
  sync.presence.update();
}

/**
 * Back to sign-in. A session that ended elsewhere (`ended`: signed out in another tab, or on the server) says so at
 * once, keeps the user's outbox for the next sign-in and says what waits in it; nothing is sent for a dead session.
 */
function endSession(message, { ended = false, me = page.session?.me } = {}) {
  const sync = page.session?.sync;
  sync?.forget();
  sync?.stop({ quiet: ended });
  page.session = null;
  localStorage.removeItem('eventual.lastUser');
  if (window.caches) caches.delete('eventual-api');
  const n = me ? new CommandStore(localStorage, `eventual.commands.${me.userId}`).outbox().length : 0;
  const waits = n === 1 ? '1 change waits — sign in to send it.' : n ? `${n} changes wait — sign in to send them.` : '';
  const auth = $('ev-auth');
  auth.error = [message, waits].filter(Boolean).join(' ');
  if (me && ended) auth.prefill(me.username);
  whenDrawn(() => auth.focus());
}

async function onAuth({ action, username, password }) {
  const auth = $('ev-auth');
  auth.state = { busy: true, offline: !page.online };
  try {
    const { status, body } = action === 'signup' ? await api.signup(username, password, uuid()) : await api.login(username, password);
    if (status === 202) {
      auth.error = 'Your account is being created; sign in in a moment.';
    } else {
      auth.signedIn();
      await startSession(body);
      toast(action === 'signup' ? `Welcome, ${body.username}!` : `Signed in as ${body.username}`, 'success');
      // In: the focus goes where the next action is — a new todo in the open list, or the first list to make.
      whenDrawn(() => ($('#list-view').hidden ? $('#new-list-name') : $('#new-todo'))?.focus());
      return;
    }
  } catch (e) {
    auth.error = e.status === 401 ? 'Unknown username or wrong password.' : e.message;
    auth.nudge = e.status === 401 && action === 'login' ? username : '';
  }
  render();
}

function loadConfig() {
  api.config().then(({ body }) => {
    page.chaos = { ...body.chaos, canChange: body.canChangeChaos };
    render();
  }).catch(() => {});
}

async function onChaos(settings) {
  try {
    await api.setChaos(settings);
    page.chaosMessage = 'Chaos settings applied.';
    loadConfig();
  } catch (e) {
    page.chaosMessage = e.status === 404 ? 'This server has no chaos admin endpoint yet (404).'
      : e.status === 403 ? 'Only admins may change chaos (403).' : `Could not apply: ${e.message}`;
  }
  render();
}

function setPrefs(change) {
  const prefs = { ...page.prefs, ...change };
  page.prefs = prefs;
  localStorage.setItem('eventual.prefs', JSON.stringify(prefs));
  if (page.session) Object.assign(page.session.sync, { mode: prefs.mode, patienceMs: prefs.patienceSeconds * 1000 });
  if (page.session && change.transport) page.session.bus.choose(change.transport);
  render();
}

function setOnline(value) {
  page.online = value;
  page.session?.sync.setOnline(value);
  page.session?.sync.presence.update();
  // The status line says it already; a screen reader hears it once.
  toast(value ? 'Back online' : 'You are offline — changes wait in the outbox', 'quiet');
  render();
}

async function boot() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
  window.addEventListener('storage', (e) => page.session?.sync.onStorage(e.key));
  document.addEventListener('visibilitychange', () => page.session?.sync.presence.update());
  document.addEventListener('ev-auth', (e) => onAuth(e.detail));
  document.addEventListener('ev-command', (e) => submit(e.detail));
  document.addEventListener('ev-resolve', (e) => page.session?.sync.resolve(e.detail.commandId, e.detail.choice));
  document.addEventListener('ev-notice', (e) => page.session?.sync.notice(e.detail.key, e.detail.action));
  document.addEventListener('ev-draft', (e) => {
    const { listId, todoId, was, text } = e.detail;
    const drafts = page.session?.drafts;
    const name = page.session?.sync.model.lists[listId]?.name;
    if (!drafts || listId.startsWith('pending-')) return;
    if (todoId) drafts.setEdit(listId, name, todoId, was, text);
    else drafts.setText(listId, name, text);
  });
  document.addEventListener('ev-draft-drop', (e) => {
    page.session?.drafts.drop(e.detail.listId, e.detail.key);
    render();
  });
  window.addEventListener('pagehide', () => {
    page.session?.sync.persist();
    page.session?.sync.presence.leave();
  });
  document.addEventListener('ev-select', (e) => { select(e.detail.listId); render(); });
  // The rows left for the next frame: drawn after this one, not inside it.
  document.addEventListener('ev-render', () => setTimeout(render, 0));
  // All / Active / Completed live in the URL (TodoMVC): a link to share, Back to go back.
  document.addEventListener('ev-filter', (e) => {
    page.filter = filterOf(e.detail.filter);
    const url = new URL(location.href);
    if (page.filter === 'all') url.searchParams.delete('filter');
    else url.searchParams.set('filter', page.filter);
    history.pushState(null, '', url);
    render();
  });
  window.addEventListener('popstate', () => {
    page.filter = filterOf(new URLSearchParams(location.search).get('filter'));
    render();
  });
  document.addEventListener('ev-mode', (e) => setPrefs({ mode: e.detail.mode }));
  document.addEventListener('ev-patience', (e) => setPrefs({ patienceSeconds: e.detail.seconds }));
  document.addEventListener('ev-transport', (e) => setPrefs({ transport: e.detail.transport }));
  document.addEventListener('ev-chaos', (e) => onChaos(e.detail));
  $('#sign-out').addEventListener('click', async () => {
    // Goodbye to presence while the session still holds; and this tab hears nothing of the end it asked for.
    await page.session?.sync.stop();
    await api.logout().catch(() => {});
    endSession();
  });
  api.breaker.onChange(render);
  loadConfig();
  render();
  try {
    const { body } = await api.me();
    await startSession(body);
  } catch (e) {
    const cached = read('eventual.lastUser');
    if (e.status !== 401 && cached.userId) await startSession(cached);
    else if (cached.userId) endSession('Your session ended; sign in again.', { ended: true, me: cached });
    else endSession();
  }
  takeOver();
}

window.__eventual = {
  api,
  kinds: new Set(Object.keys(KINDS)),
  // The transport live now (the socket's Bus or the EventStream): the tests' hooks (drop, suspend, connect) act on it.
  get bus() { return page.session?.bus.current ?? null; },
  get link() { return page.session?.bus ?? null; },
  get sync() { return page.session?.sync ?? null; },
  get me() { return page.session?.me ?? null; },
};
boot();
