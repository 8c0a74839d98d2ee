import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, emptyModel, forgetSeen, narrate, withList, withLists } from '../../../webroot/js/logic/model.js';

const ME = 'u-me';
const base = () => withList(emptyModel(), { listId: 'L', name: 'Shop', version: 2, owner: ME,
  members: [{ userId: ME, username: 'me' }], todos: [{ todoId: 'T1', text: 'milk', completed: false }] });
const ev = (action, version, payload, extra = {}) => ({ action, status: 'succeeded', listId: 'L', version, payload,
  cursor: 100 + version, actor: 'u-ana', actorName: 'ana', commandId: `c${version}`, ...extra });

test('a new todo event is applied once, even when it arrives twice', () => {
  const first = applyEvent(base(), ev('todo-create', 3, { todoId: 'T2', text: 'eggs' }), ME);
  assert.ok(first.applied);
  const again = applyEvent(first.model, ev('todo-create', 3, { todoId: 'T2', text: 'eggs' }), ME);
  assert.equal(again.reason, 'duplicate');
  assert.deepEqual(again.model.lists.L.todos.map((t) => t.text), ['milk', 'eggs']);
  assert.equal(again.model.lists.L.version, 3);
});

test('an event older than the version held is ignored (the query already had it)', () => {
  const r = applyEvent(base(), ev('todo-create', 2, { todoId: 'T2', text: 'eggs' }), ME);
  assert.equal(r.reason, 'stale');
  assert.equal(r.model.lists.L.todos.length, 1);
  assert.equal(r.model.cursor, 102, 'the cursor still moves on');
});

test('a version gap applies the event and asks for a reload of the list', () => {
  const r = applyEvent(base(), ev('todo-update', 5, { todoId: 'T1', completed: true }), ME);
  assert.ok(r.applied);
  assert.equal(r.reload, 'L');
  assert.equal(r.model.lists.L.todos[0].completed, true);
});

test('updates, deletes, renames and membership fold into the list', () => {
  let m = base();
  for (const e of [ev('todo-update', 3, { todoId: 'T1', text: 'oat milk' }), ev('list-rename', 4, { name: 'Food' }),
    ev('member-add', 5, { userId: 'u-ana', username: 'ana' }), ev('todo-delete', 6, { todoId: 'T1' })]) {
    m = applyEvent(m, e, ME).model;
  }
  assert.equal(m.lists.L.name, 'Food');
  assert.deepEqual(m.lists.L.members.map((x) => x.username), ['me', 'ana']);
  assert.deepEqual(m.lists.L.todos, []);
  assert.equal(m.lists.L.version, 6);
});

test('rejections change no list', () => {
  const r = applyEvent(base(), { ...ev('todo-create', 2, { commandType: 'AddTodo', code: 'not_found' }), status: 'rejected' }, ME);
  assert.equal(r.applied, false);
  assert.equal(r.model.lists.L.todos.length, 1);
});

test('deleting the list, or removing me, drops it', () => {
  assert.equal(applyEvent(base(), ev('list-delete', 3, {}), ME).model.lists.L, undefined);
  assert.equal(applyEvent(base(), ev('member-remove', 3, { userId: ME }), ME).model.lists.L, undefined);
});

test('being added to an unknown list asks to load it', () => {
  const r = applyEvent(emptyModel(), { ...ev('member-add', 4, { userId: ME, username: 'me' }), listId: 'X' }, ME);
  assert.equal(r.reload, 'X');
});

test('a catch-up after a reload is judged by version, not by remembered cursors', () => {
  const e = ev('todo-create', 3, { todoId: 'T2', text: 'eggs' });
  const seenBefore = applyEvent(base(), e, ME).model;
  const reloaded = forgetSeen(withList(seenBefore, { listId: 'L', name: 'Shop', version: 2, owner: ME, members: [], todos: [] }));
  assert.equal(reloaded.lists.L.version, 3, 'an older query answer does not roll the list back');
  const r = applyEvent(reloaded, e, ME);
  assert.equal(r.reason, 'stale');
});

test('list summaries keep loaded todos of the same version', () => {
  const m = withLists(base(), [{ listId: 'L', name: 'Shop', version: 2, owner: ME, members: [] },
    { listId: 'M', name: 'Work', version: 1, owner: ME, members: [] }]);
  assert.equal(m.lists.L.todos.length, 1);
  assert.equal(m.lists.M.todos, null);
  const newer = withLists(base(), [{ listId: 'L', name: 'Shop', version: 3, owner: ME, members: [] }]);
  assert.equal(newer.lists.L.todos, null);
});

test('other members\' changes read as sentences', () => {
  assert.equal(narrate(ev('todo-create', 3, { todoId: 'T2', text: 'milk' }), base().lists.L), "ana added 'milk' in 'Shop'");
  assert.equal(narrate(ev('todo-update', 3, { todoId: 'T1', completed: true }), base().lists.L), "ana ticked 'milk'");
});
