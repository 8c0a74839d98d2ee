import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandStore, MemoryStorage } from '../../../webroot/js/logic/outbox.js';
import { advance, describe as words, makeCommand, timings } from '../../../webroot/js/logic/commands.js';

const add = (text, i) => makeCommand('todo-add', { listId: 'L', text }, { commandId: `c${i}`, now: i });

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
