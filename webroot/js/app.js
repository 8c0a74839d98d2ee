import { Api } from './api.js';
import { Bus } from './bus.js';
import { Sync } from './sync.js';
import { listView, listsView, pendingOf } from './logic/view.js';
import { uuid } from './logic/commands.js';
import './components/ev-auth.js';
import './components/ev-lists.js';
import './components/ev-list.js';
import './components/ev-toasts.js';
import './components/ev-status.js';
import './components/ev-mode.js';
import './components/ev-timeline.js';
import './components/ev-chaos.js';
import './components/ev-presence.js';

/** Composes the page: session, one Sync per signed-in user, and state handed down to the components. */
const $ = (selector) => document.querySelector(selector);
const api = new Api();
const prefs = { mode: 'safe', patienceSeconds: 10, ...read('eventual.prefs') };
let me = null;
let sync = null;
let bus = null;
let chaos = null;
let chaosMessage = '';
let selected = localStorage.getItem('eventual.selected');
let online = navigator.onLine;

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? {};
  } catch {
    return {};
  }
}

function toast(text, kind = 'info') {
  document.dispatchEvent(new CustomEvent('ev-toast', { detail: { text, kind } }));
}

function render() {
  const signedIn = !!me;
  $('#auth-view').hidden = signedIn;
  $('#app-view').hidden = !signedIn;
  $('#who').textContent = signedIn ? me.username : '';
  $('#sign-out').hidden = !signedIn;
  // Signing out needs the server (the session cookie is HttpOnly); offline the button waits for the network.
  $('#sign-out').disabled = !online;
  $('#sign-out').title = online ? '' : 'Signing out needs the network';
  const breaker = api.breaker.state;
  $('ev-auth').state = { offline: !online, busy: false, error: $('ev-auth').error ?? '' };
  $('ev-mode').state = { mode: prefs.mode, patienceSeconds: prefs.patienceSeconds };
  $('ev-chaos').state = { chaos, message: chaosMessage, disabled: !online };
  if (!sync) {
    $('ev-status').state = { online, bus: 'closed', breaker, queued: 0 };
    return;
  }
  const commands = sync.store.all();
  const lists = listsView(sync.model, commands);
  if (!lists.some((l) => l.listId === selected) && sync.loaded) select(lists.find((l) => !l.pending)?.listId ?? null, false);
  $('ev-status').state = { online, bus: sync.busState, breaker, queued: sync.store.outbox().length };
  $('ev-lists').state = { lists, selected };
  const list = selected ? listView(sync.model, commands, selected) : null;
  $('#list-view').hidden = !list;
  $('#no-list').hidden = !!list;
  if (list) {
    const pending = pendingOf(commands.filter((c) => c.listId === selected), Date.now(), prefs.patienceSeconds * 1000);
    $('ev-list').state = { list, me, pending };
    $('ev-presence').state = { members: list.members, online: sync.presence[selected], me };
  }
  const orphans = pendingOf(commands.filter((c) => !c.listId), Date.now(), prefs.patienceSeconds * 1000);
  // A live region: touch it only when its words change, or screen readers hear the same line every second.
  const lines = orphans.map((c) => `${c.args.name ?? c.kind}: ${c.status}${c.slow ? ' — still processing, it will appear when ready' : ''}`);
  const box = $('#list-pending');
  if (box.dataset.lines !== JSON.stringify(lines)) {
    box.dataset.lines = JSON.stringify(lines);
    box.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
  }
  $('ev-timeline').state = { commands };
}

function select(listId, focus = true) {
  selected = listId;
  if (listId) localStorage.setItem('eventual.selected', listId);
  else localStorage.removeItem('eventual.selected');
  if (focus) queueMicrotask(() => $('#list-title')?.focus());
  announcePresence();
}

// Presence: while this tab shows a list, it says so every 15 s (the server forgets a viewer after ~37 s of
// silence) and says goodbye when it moves on, hides or signs out.
let presentIn = null;
let presenceTimer = null;
function announcePresence({ beat = false } = {}) {
  const want = me && selected && document.visibilityState === 'visible' && navigator.onLine ? selected : null;
  if (presentIn && presentIn !== want) api.presence(presentIn, false).catch(() => {});
  if (want && (beat || want !== presentIn)) api.presence(want, true).catch(() => {});
  presentIn = want;
}
document.addEventListener('visibilitychange', () => announcePresence());

async function startSession(user) {
  me = user;
  localStorage.setItem('eventual.lastUser', JSON.stringify(user));
  bus = new Bus('/eventbus');
  // Every tab of this user shares one outbox in localStorage; a Web Lock lets one tab at a time send from it.
  const lock = navigator.locks ? (name, fn) => navigator.locks.request(name, fn) : undefined;
  sync = new Sync({ api, bus, storage: localStorage, me, mode: prefs.mode, patienceMs: prefs.patienceSeconds * 1000, online, lock });
  sync.addEventListener('change', render);
  sync.addEventListener('toast', (e) => toast(e.detail.text, e.detail.kind));
  sync.addEventListener('signed-out', () => endSession('Your session ended; sign in again.'));
  loadConfig();
  render();
  clearInterval(presenceTimer);
  presenceTimer = setInterval(() => announcePresence({ beat: true }), 15_000);
  await sync.start();
  announcePresence();
}

function endSession(message, { forget = true } = {}) {
  clearInterval(presenceTimer);
  if (forget) sync?.forget();
  if (presentIn) api.presence(presentIn, false).catch(() => {});
  presentIn = null;
  sync?.stop();
  sync = null;
  bus = null;
  me = null;
  localStorage.removeItem('eventual.lastUser');
  if (window.caches) caches.delete('eventual-api');
  $('ev-auth').error = message ?? '';
  render();
  $('ev-auth').focus();
}

async function onAuth({ action, username, password }) {
  const auth = $('ev-auth');
  auth.state = { busy: true, offline: !online };
  try {
    const { status, body } = action === 'signup' ? await api.signup(username, password, uuid()) : await api.login(username, password);
    if (status === 202) {
      auth.error = 'Your account is being created; sign in in a moment.';
    } else {
      auth.error = '';
      await startSession(body);
      toast(action === 'signup' ? `Welcome, ${body.username}!` : `Signed in as ${body.username}`, 'success');
      return;
    }
  } catch (e) {
    auth.error = e.status === 401 ? 'Unknown username or wrong password.' : e.message;
  }
  render();
}

function loadConfig() {
  api.config().then(({ body }) => {
    chaos = { ...body.chaos, canChange: body.canChangeChaos };
    render();
  }).catch(() => {});
}

async function onChaos(settings) {
  try {
    await api.setChaos(settings);
    chaosMessage = 'Chaos settings applied.';
    loadConfig();
  } catch (e) {
    chaosMessage = e.status === 404 ? 'This server has no chaos admin endpoint yet (404).'
      : e.status === 403 ? 'Only admins may change chaos (403).' : `Could not apply: ${e.message}`;
  }
  render();
}

function savePrefs() {
  localStorage.setItem('eventual.prefs', JSON.stringify(prefs));
  if (sync) Object.assign(sync, { mode: prefs.mode, patienceMs: prefs.patienceSeconds * 1000 });
  render();
}

function setOnline(value) {
  online = value;
  sync?.setOnline(value);
  toast(value ? 'Back online' : 'You are offline — changes wait in the outbox', value ? 'success' : 'warning');
  render();
}

async function boot() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
  window.addEventListener('storage', (e) => sync?.onStorage(e.key));
  document.addEventListener('ev-auth', (e) => onAuth(e.detail));
  document.addEventListener('ev-command', (e) => sync?.submit(e.detail.kind, e.detail.args));
  document.addEventListener('ev-select', (e) => { select(e.detail.listId); render(); });
  document.addEventListener('ev-mode', (e) => { prefs.mode = e.detail.mode; savePrefs(); });
  document.addEventListener('ev-patience', (e) => { prefs.patienceSeconds = e.detail.seconds; savePrefs(); });
  document.addEventListener('ev-chaos', (e) => onChaos(e.detail));
  $('#sign-out').addEventListener('click', async () => {
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
    else endSession();
  }
}

window.__eventual = {
  api,
  get bus() { return bus; },
  get sync() { return sync; },
  get me() { return me; },
};
boot();
