import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandStore, MemoryStorage } from '../../../webroot/js/logic/outbox.js';
import { advance, describe as words, makeCommand, timings } from '../../../webroot/js/logic/commands.js';
import { listView } from '../../../webroot/js/logic/view.js';
import { emptyModel, withList } from '../../../webroot/js/logic/model.js';

const add = (text, i) => makeCommand('todo-create', { listId: 'L', text }, { commandId: `c${i}`, now: i });

test('commands are sent oldest first and survive a reload', () => {
  const storage = new MemoryStorage();
  const store = new CommandStore(storage, 'k');
  ['a', 'b', 'c'].forEach((t, i) => store.add(add(t, i)));
  assert.equal(store.head().args.text, 'a');
  store.update('c0', (c) => advance(c, 'accepted'));
  const reloaded = new CommandStore(storage, 'k');
  assert.deepEqual(reloaded.outbox().map((c) => c.args.text), ['b', 'c']);
  assert.equal(reloaded.head().commandId, 'c1');
  assert.deepEqual(reloaded.awaiting().map((c) => c.commandId), ['c0']);
});

test('a command interrupted while sending is sent again with the same id', () => {
  const storage = new MemoryStorage();
  const store = new CommandStore(storage, 'k');
  store.add(add('a', 0));
  store.update('c0', (c) => advance(c, 'sending'));
  assert.equal(new CommandStore(storage, 'k').head().commandId, 'c0');
});

test('adding the same command twice keeps one', () => {
  const store = new CommandStore(new MemoryStorage(), 'k');
  const c = add('a', 0);
  store.add(c);
  store.add(c);
  assert.equal(store.all().length, 1);
});

test('status only moves forward: an event before the 202 keeps it confirmed', () => {
  let c = add('a', 0);
  c = advance(c, 'sending', {}, 10);
  c = advance(c, 'confirmed', {}, 30);
  c = advance(c, 'accepted', {}, 40);
  assert.equal(c.status, 'confirmed');
  assert.deepEqual(c.t, { created: 0, sent: 10, accepted: 40, done: 30 });
});

test('the timeline measures the steps from sending, even when the event beats the 202', () => {
  let fast = advance(add('a', 0), 'sending', {}, 10);
  fast = advance(advance(fast, 'confirmed', {}, 15), 'accepted', {}, 30);
  assert.deepEqual(timings(fast), { waited: 10, toAccepted: 20, toDone: 5 });

  let c = add('a', 0);
  c = advance(c, 'sending', {}, 5);
  c = advance(c, 'accepted', {}, 25);
  c = advance(c, 'confirmed', {}, 125);
  assert.deepEqual(timings(c), { waited: 5, toAccepted: 20, toDone: 120 });
});

test('old finished commands are pruned, unfinished ones never', () => {
  const store = new CommandStore(new MemoryStorage(), 'k', { keepFinished: 2 });
  for (let i = 0; i < 5; i++) store.add(advance(add(`t${i}`, i), 'confirmed'));
  store.add(add('open', 9));
  assert.deepEqual(store.all().map((c) => c.args.text), ['t3', 't4', 'open']);
});

test('commands know their request', () => {
  const c = makeCommand('todo-update', { listId: 'L', todoId: 'T', completed: true, previousText: 'milk' });
  assert.deepEqual(c.request, { method: 'PATCH', path: '/api/lists/L/todos/T', body: { completed: true } });
  assert.equal(words(c), "tick 'milk'");
  const r = makeCommand('list-rename', { listId: 'L', name: 'x', expectedVersion: 3 });
  assert.deepEqual(r.request.body, { name: 'x', expectedVersion: 3 });
  assert.equal(makeCommand('list-delete', { listId: 'L' }).request.body, null);
});

// ---- two tabs of one user share one stored outbox ---------------------------------------------------

test('two tabs adding at once: neither overwrites the other, both commands stay, in the order made', () => {
  const storage = new MemoryStorage();
  const tabA = new CommandStore(storage, 'k');
  const tabB = new CommandStore(storage, 'k'); // read before A wrote anything: its copy is stale
  tabA.add(add('from A', 1));
  tabB.add(add('from B', 2));
  tabA.add(add('A again', 3));
  const stored = new CommandStore(storage, 'k').all().map((c) => c.args.text);
  assert.deepEqual(stored, ['from A', 'from B', 'A again']);
});

test('a tab never moves another tab\'s command back: the later change wins when both are merged', () => {
  const storage = new MemoryStorage();
  const tabA = new CommandStore(storage, 'k');
  tabA.add(add('milk', 1));
  const tabB = new CommandStore(storage, 'k');
  tabA.update('c1', (c) => advance(c, 'sending'));
  tabA.update('c1', (c) => advance(c, 'accepted'));
  tabB.add(add('bread', 2)); // B still holds 'milk' as queued in memory
  const stored = new CommandStore(storage, 'k');
  assert.equal(stored.get('c1').status, 'accepted');
  assert.equal(stored.get('c2').status, 'queued');
  assert.equal(tabB.get('c1').status, 'accepted', 'writing also took in what the other tab stored');
});

test('refresh takes in another tab\'s commands and says whether anything changed', () => {
  const storage = new MemoryStorage();
  const tabA = new CommandStore(storage, 'k');
  const tabB = new CommandStore(storage, 'k');
  tabA.add(add('x', 1));
  assert.equal(tabB.refresh(), true);
  assert.deepEqual(tabB.outbox().map((c) => c.commandId), ['c1']);
  assert.equal(tabB.refresh(), false);
});

test('updating refreshes first, so a change is made on the freshest copy', () => {
  const storage = new MemoryStorage();
  const tabA = new CommandStore(storage, 'k');
  tabA.add(add('x', 1));
  const tabB = new CommandStore(storage, 'k');
  tabA.update('c1', (c) => advance(c, 'accepted'));
  tabB.update('c1', (c) => ({ ...c, tries: 3 }));
  const c = new CommandStore(storage, 'k').get('c1');
  assert.equal(c.status, 'accepted');
  assert.equal(c.tries, 3);
});

test('an explicit step back (a node that does not know the command) survives the merge', () => {
  const storage = new MemoryStorage();
  const store = new CommandStore(storage, 'k');
  store.add(add('x', 1));
  store.update('c1', (c) => advance(c, 'accepted'));
  store.update('c1', (c) => ({ ...c, status: 'queued' }));
  assert.equal(new CommandStore(storage, 'k').get('c1').status, 'queued');
});

test('a tab that closed with commands queued leaves them for the next tab to send', () => {
  const storage = new MemoryStorage();
  const closing = new CommandStore(storage, 'k');
  const staying = new CommandStore(storage, 'k');
  closing.add(add('left behind', 1));
  staying.add(add('mine', 2));
  staying.update('c2', (c) => advance(c, 'accepted'));
  assert.deepEqual(staying.outbox().map((c) => c.args.text), ['left behind']);
  assert.equal(staying.head().commandId, 'c1');
});

test('garbage in storage is ignored', () => {
  const storage = new MemoryStorage();
  storage.setItem('k', JSON.stringify([null, 3, { no: 'id' }, add('ok', 1)]));
  assert.deepEqual(new CommandStore(storage, 'k').all().map((c) => c.commandId), ['c1']);
  storage.setItem('k', '{not json');
  assert.deepEqual(new CommandStore(storage, 'k').all(), []);
});

test('clear forgets this tab\'s commands and what is stored', () => {
  const storage = new MemoryStorage();
  const store = new CommandStore(storage, 'k');
  store.add(add('a', 1));
  store.clear();
  store.add(add('b', 2));
  assert.deepEqual(new CommandStore(storage, 'k').all().map((c) => c.commandId), ['c2']);
});

// ---- upgrading: commands stored by an older client ---------------------------------------------------

test('a todo queued under the old kind name todo-add survives the upgrade: same id, same request, new name', () => {
  const storage = new MemoryStorage();
  const old = { commandId: 'c1', kind: 'todo-add', mode: 'brave', args: { listId: 'L', text: 'milk' }, listId: 'L', todoId: null,
    request: { method: 'POST', path: '/api/lists/L/todos', body: { text: 'milk' } }, status: 'queued', attempts: 0, t: { created: 1 }, rev: 0 };
  storage.setItem('k', JSON.stringify([old]));
  const store = new CommandStore(storage, 'k');
  const head = store.head();
  assert.equal(head.kind, 'todo-create');
  assert.deepEqual(head.request, old.request, 'it goes out exactly as the old client would have sent it');
  assert.equal(words(head), "add 'milk'");
  assert.equal(listView(withList(emptyModel(), { listId: 'L', name: 'Shop', version: 1, members: [], todos: [] }), [head], 'L')
    .todos[0].text, 'milk', 'Brave still shows it while it waits');
  store.update('c1', (c) => advance(c, 'sending'));
  assert.equal(JSON.parse(storage.getItem('k'))[0].kind, 'todo-create', 'the next write stores the new name');
});

test('an old tab writing the old name again does not undo the upgrade', () => {
  const storage = new MemoryStorage();
  const store = new CommandStore(storage, 'k');
  store.add(add('bread', 2));
  storage.setItem('k', JSON.stringify([...JSON.parse(storage.getItem('k')), { ...add('jam', 3), kind: 'todo-add' }]));
  assert.equal(store.refresh(), true);
  assert.deepEqual(store.outbox().map((c) => c.kind), ['todo-create', 'todo-create']);
});
