import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listView } from '../../../webroot/js/logic/view.js';
import { advance, makeCommand } from '../../../webroot/js/logic/commands.js';
import { applyEvent, emptyModel, withList } from '../../../webroot/js/logic/model.js';
import { againArgs, conflictWords, openConflicts } from '../../../webroot/js/logic/conflicts.js';
import { Sync } from '../../../webroot/js/sync/sync.js';
import { MemoryStorage } from '../../../webroot/js/logic/outbox.js';
import { CircuitBreaker } from '../../../webroot/js/logic/breaker.js';

const ME = 'u-ben';
const model = () => withList(emptyModel(), { listId: 'L', name: 'Trip', version: 7, owner: 'u-ana', members: [],
  todos: [{ todoId: 'T', text: 'bread', completed: false, version: 3 }, { todoId: 'U', text: 'milk', completed: false, version: 5 }] });
const ev = (action, version, payload) => ({ action, status: 'succeeded', listId: 'L', version, payload, cursor: 100 + version,
  actor: 'u-ana', actorName: 'ana', commandId: `c${version}` });

test('each todo carries its own version: the version of the event that last changed it', () => {
  let m = applyEvent(model(), ev('todo-create', 8, { todoId: 'V', text: 'eggs' }), ME).model;
  m = applyEvent(m, ev('todo-update', 9, { todoId: 'T', completed: true }), ME).model;
  assert.deepEqual(m.lists.L.todos.map((t) => [t.text, t.version]), [['bread', 9], ['milk', 5], ['eggs', 8]]);
});

test('a todo command expects the todo\'s version, a toggle says what it wants, and a delete names the version too', () => {
  const tick = makeCommand('todo-update', { listId: 'L', todoId: 'T', completed: true, expectedVersion: 3 });
  assert.deepEqual(tick.request.body, { completed: true, expectedVersion: 3 });
  const del = makeCommand('todo-delete', { listId: 'L', todoId: 'T', expectedVersion: 3 });
  assert.deepEqual([del.request.method, del.request.body], ['DELETE', { expectedVersion: 3 }]);
  assert.equal(makeCommand('todo-delete', { listId: 'L', todoId: 'T' }).request.body, null);
});

test('in Safe mode a change on its way marks its row as pending without showing the change', () => {
  const tick = advance(makeCommand('todo-update', { listId: 'L', todoId: 'T', completed: true }, { mode: 'safe' }), 'accepted');
  const row = listView(model(), [tick], 'L').todos[0];
  assert.deepEqual([row.completed, row.pending], [false, 'accepted']);
  assert.equal(listView(model(), [advance(tick, 'confirmed')], 'L').todos[0].pending, null);
});

const rejected = (extra = {}) => ({ ...advance(makeCommand('todo-update', { listId: 'L', todoId: 'T', text: 'rye bread',
  previousText: 'bread', expectedVersion: 3 }), 'rejected', { code: 'version_conflict',
  conflict: { todoId: 'T', version: 6, changes: [{ field: 'text', value: 'white bread', byName: 'ana', version: 6 }] } }),
...extra });

test('a conflict is told in words: who changed what, when, and what you wanted', () => {
  assert.equal(conflictWords(rejected({ madeOffline: true })),
    "ana changed 'bread' to 'white bread' while you were offline — you wanted to edit 'bread' → 'rye bread'.");
  assert.match(conflictWords(rejected()), /before your change arrived/);
  assert.equal(openConflicts([rejected(), rejected({ resolved: 'theirs', commandId: 'x' })], 'L').length, 1);
});

test('apply mine again: the same change against the version and text seen now', () => {
  const list = { ...model().lists.L, todos: [{ todoId: 'T', text: 'white bread', version: 6 }] };
  assert.deepEqual(againArgs(rejected(), list), { listId: 'L', todoId: 'T', text: 'rye bread', previousText: 'white bread',
    expectedVersion: 6 });
});

function sync() {
  const sent = [];
  const api = { breaker: new CircuitBreaker(), onAttempt: () => () => {},
    async command(cmd) { sent.push(cmd); return { status: 202, body: {} }; }, async commandStatus() { return { body: {} }; } };
  const s = new Sync({ api, bus: {}, storage: new MemoryStorage(), me: { userId: ME }, online: false });
  s.model = model();
  return { s, sent };
}

test('the same change again while the first is on its way is not a second command', () => {
  const { s } = sync();
  const args = { listId: 'L', todoId: 'T', completed: true, expectedVersion: 3 };
  const first = s.submit('todo-update', args);
  assert.equal(s.submit('todo-update', { ...args }).commandId, first.commandId);
  assert.equal(s.store.all().length, 1);
  assert.equal(first.madeOffline, true);
});

test('keep theirs sends nothing; apply mine again sends the change anew, once', () => {
  const { s } = sync();
  const a = s.store.add(rejected());
  const b = s.store.add(rejected({ commandId: 'other' }));
  s.resolve(a.commandId, 'theirs');
  s.resolve(b.commandId, 'mine');
  s.resolve(b.commandId, 'mine');
  const fresh = s.store.pending();
  assert.equal(fresh.length, 1);
  assert.deepEqual(fresh[0].request.body, { text: 'rye bread', expectedVersion: 6 });
  assert.deepEqual(openConflicts(s.store.all(), 'L'), []);
});

test('others\' changes in one list are one toast that counts them; my own success is quiet', () => {
  const { s } = sync();
  const toasts = [];
  s.addEventListener('toast', (e) => toasts.push(e.detail));
  s.onMessage(ev('todo-create', 8, { todoId: 'V', text: 'eggs' }));
  s.onMessage(ev('todo-create', 9, { todoId: 'W', text: 'jam' }));
  assert.deepEqual(toasts.map((t) => t.group), ['u-ana|L', 'u-ana|L']);
  // The list is named when the toast is drawn, by its name then: '{list}', with the name it had as a fallback.
  assert.deepEqual([toasts[1].text, toasts[1].many, toasts[1].listId, toasts[1].name],
    ["ana added 'jam' in '{list}'", "ana made {n} changes in '{list}'", 'L', 'Trip']);
  const mine = s.store.add(advance(makeCommand('todo-create', { listId: 'L', text: 'x' }), 'accepted'));
  s.onMessage({ ...ev('todo-create', 10, { todoId: 'X', text: 'x' }), actor: ME, commandId: mine.commandId });
  assert.equal(toasts[2].kind, 'quiet');
});
