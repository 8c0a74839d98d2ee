import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Sync } from '../../../webroot/js/sync/sync.js';
import { MemoryStorage } from '../../../webroot/js/logic/outbox.js';
import { CircuitBreaker } from '../../../webroot/js/logic/breaker.js';

const me = { userId: 'u1', username: 'ana' };

/** A server that accepts every command and remembers what it was sent; lists and events as given. */
function fakeApi({ lists = [], views = {}, events = () => ({ events: [], cursor: 10 }) } = {}) {
  const sent = [];
  return {
    sent,
    calls: [],
    breaker: new CircuitBreaker(),
    onAttempt: () => () => {},
    async command(cmd) {
      sent.push(cmd.commandId);
      await new Promise((r) => setTimeout(r, 1));
      return { status: 202, body: { commandId: cmd.commandId, listId: cmd.listId } };
    },
    async events(after) {
      this.calls.push(`events ${after}`);
      const body = events(after);
      if (body instanceof Error) throw body;
      return { status: 200, body };
    },
    async lists() {
      this.calls.push('lists');
      return { status: 200, body: lists };
    },
    async invitations() { return { status: 200, body: [] }; },
    async list(id) {
      this.calls.push(`list ${id}`);
      return { status: 200, body: views[id] };
    },
    async commandStatus() { return { status: 200, body: { status: 'accepted' } }; },
  };
}

const fakeBus = () => ({ on: () => () => {}, register() {}, start() {}, stop() {} });

/** navigator.locks in miniature: one holder at a time, the rest in order. */
function mutex() {
  let tail = Promise.resolve();
  return (name, fn) => {
    const run = tail.then(fn);
    tail = run.catch(() => {});
    return run;
  };
}

// Every Sync made is stopped after its test, pass or fail, so no interval keeps the runner alive.
const made = [];
afterEach(() => made.splice(0).forEach((s) => s.stop()));
const track = (sync) => { made.push(sync); return sync; };

const settle = () => new Promise((r) => setTimeout(r, 30));

/** Waits (up to 5 s) until `done()` holds; a loaded machine can be slow, so never a fixed sleep alone. */
async function until(done) {
  for (const start = Date.now(); !done(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - start > 5000) throw new Error(`gave up waiting for ${done}`);
  }
}

test('two tabs of one user: each command is sent once, and a closed tab\'s queued commands are sent by the other', async () => {
  const storage = new MemoryStorage();
  const api = fakeApi();
  const lock = mutex();
  const tabA = track(new Sync({ api, bus: fakeBus(), storage, me, online: false, lock }));
  const tabB = track(new Sync({ api, bus: fakeBus(), storage, me, online: false, lock }));
  await tabA.start();
  await tabB.start();
  const a1 = tabA.submit('todo-create', { listId: 'L', text: 'a1' });
  const b1 = tabB.submit('todo-create', { listId: 'L', text: 'b1' });
  const a2 = tabA.submit('todo-create', { listId: 'L', text: 'a2' });
  tabB.stop(); // the tab is closed before it could send

  tabA.setOnline(true);
  await until(() => api.sent.length >= 3 && !tabA.draining);
  await settle();
  assert.deepEqual(api.sent, [a1.commandId, b1.commandId, a2.commandId]);
  assert.deepEqual(tabA.store.outbox(), []);
  tabA.stop();
});

test('two open tabs sending at once never send a command twice', async () => {
  const storage = new MemoryStorage();
  const api = fakeApi();
  const lock = mutex();
  const tabA = track(new Sync({ api, bus: fakeBus(), storage, me, lock }));
  const tabB = track(new Sync({ api, bus: fakeBus(), storage, me, lock }));
  await Promise.all([tabA.start(), tabB.start()]);
  const sentIds = [];
  for (let i = 0; i < 5; i++) {
    sentIds.push(tabA.submit('todo-create', { listId: 'L', text: `a${i}` }).commandId);
    sentIds.push(tabB.submit('todo-create', { listId: 'L', text: `b${i}` }).commandId);
  }
  await until(() => api.sent.length >= 10 && !tabA.draining && !tabB.draining);
  await settle();
  assert.deepEqual([...api.sent].sort(), [...sentIds].sort());
  assert.equal(new Set(api.sent).size, api.sent.length, 'no command sent twice');
  tabB.onStorage(tabB.store.key);
  assert.deepEqual(tabB.store.outbox(), []);
  assert.equal(tabB.store.all().length, 10, 'each tab sees every command of the user');
  tabA.stop();
  tabB.stop();
});

test('a catch-up answered 410 reloads the lists and takes exactly the server\'s todos', async () => {
  const view = { listId: 'L', name: 'Groceries', version: 120, owner: 'u2', members: [], todos:
    Array.from({ length: 110 }, (_, i) => ({ todoId: `t${i}`, text: `item ${i}`, completed: false })) };
  let gone = true;
  const api = fakeApi({ lists: [{ ...view, todos: undefined }], views: { L: view }, events: (after) => {
    if (after === Number.MAX_SAFE_INTEGER) return { events: [], cursor: 500 };
    if (gone && after < 400) return Object.assign(new Error('gone'), { status: 410 });
    return { events: [], cursor: 500 };
  } });
  const storage = new MemoryStorage();
  const sync = track(new Sync({ api, bus: fakeBus(), storage, me }));
  await sync.start();
  // Pretend the socket was down: the model is old (cursor 5, two todos, one since deleted).
  sync.model = { ...sync.model, cursor: 5, lists: { L: { ...view, version: 3, todos: [{ todoId: 'old', text: 'gone' }] } } };
  api.calls.length = 0;
  await sync.catchUp();
  assert.deepEqual(api.calls.slice(0, 2), ['events 5', `events ${Number.MAX_SAFE_INTEGER}`]);
  assert.equal(sync.model.lists.L.todos.length, 110);
  assert.deepEqual(sync.model.lists.L.todos.map((t) => t.text), view.todos.map((t) => t.text));
  assert.equal(sync.model.cursor, 500);
  sync.stop();
});

test('opened offline, the last-known lists show at once and nothing is asked of the network until it is back', async () => {
  const storage = new MemoryStorage();
  const view = { listId: 'L', name: 'Groceries', version: 2, owner: 'u1', members: [], todos: [{ todoId: 't', text: 'milk', completed: false }] };
  const online = fakeApi({ lists: [view], views: { L: view } });
  const first = track(new Sync({ api: online, bus: fakeBus(), storage, me }));
  await first.start();
  first.stop();

  const offline = fakeApi();
  const again = track(new Sync({ api: offline, bus: fakeBus(), storage, me, online: false }));
  assert.equal(again.loaded, true);
  await again.start();
  assert.deepEqual(again.model.lists.L.todos.map((t) => t.text), ['milk']);
  assert.deepEqual(offline.calls, []);
  const queued = again.submit('todo-create', { listId: 'L', text: 'bread' });
  assert.equal(again.store.get(queued.commandId).status, 'queued');
  assert.deepEqual(offline.sent, []);
  again.stop();
});
