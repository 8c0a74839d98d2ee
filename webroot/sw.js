// App shell and last-known list views, so the app opens and shows data offline. Network first: online the
// user always gets fresh code and data; the cache is only the fallback.
const SHELL = 'eventual-shell-v6';
const API = 'eventual-api';
const SHELL_FILES = ['/', '/index.html', '/css/app.css', '/js/app.js', '/js/api.js', '/js/bus.js', '/js/stream.js', '/js/link.js', '/js/dom.js',
  '/js/sync/sync.js', '/js/sync/sender.js', '/js/sync/follower.js', '/js/sync/presence.js',
  '/js/logic/backoff.js', '/js/logic/breaker.js', '/js/logic/change.js', '/js/logic/commands.js', '/js/logic/conflicts.js', '/js/logic/drafts.js', '/js/logic/flight.js', '/js/logic/kinds.js',
  '/js/logic/model.js', '/js/logic/notices.js', '/js/logic/outage.js', '/js/logic/outbox.js', '/js/logic/view.js',
  '/js/components/ev-auth.js', '/js/components/ev-lists.js', '/js/components/ev-list.js', '/js/components/todo-rows.js', '/js/components/todo-row.js', '/js/components/ev-dialog.js',
  '/js/components/ev-toasts.js', '/js/components/ev-status.js', '/js/components/ev-mode.js', '/js/components/ev-timeline.js',
  '/js/components/ev-chaos.js', '/js/components/ev-presence.js', '/js/components/ev-drafts.js', '/js/components/ev-invitations.js', '/js/page/frames.js', '/js/page/draw.js', '/webjars/sockjs-client/1.6.1/dist/sockjs.min.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('eventual-shell-') && k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The API cache is one person's: whenever anyone signs in, up or out (in any tab), it is dropped, and an answer
// fetched before that is not kept, so the next person on this browser never finds the last one's lists offline.
let generation = 0;
const forgetApi = () => { generation += 1; return caches.delete(API); };

// The server's pages (issue 24) carry one person's lists in their HTML: never kept; offline, the app's shell instead.
const serverPage = (path) => path === '/signin' || path === '/signup' || path === '/lists' || path.startsWith('/lists/');

const cachedApi = (path) => path === '/api/me' || path === '/api/config' || path === '/api/lists' || /^\/api\/lists\/[^/]+$/.test(path);

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin && url.pathname.startsWith('/api/auth/')) event.waitUntil(forgetApi());
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/eventbus')) return;
  const api = url.pathname.startsWith('/api/');
  if (api && !cachedApi(url.pathname)) return;
  const key = api ? url.pathname : event.request;
  const fetchedIn = generation;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok && !serverPage(url.pathname) && (!api || fetchedIn === generation)) {
      const copy = response.clone();
      caches.open(api ? API : SHELL).then((c) => (!api || fetchedIn === generation) && c.put(key, copy));
    }
    return response;
  }).catch(async () => {
    const hit = await caches.match(key, { ignoreSearch: !api });
    if (hit) return hit;
    if (event.request.mode === 'navigate') return caches.match('/index.html');
    return Response.error();
  }));
});
