import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listView, listsView, overlaid, pendingOf } from '../../../webroot/js/logic/view.js';
import { advance, makeCommand } from '../../../webroot/js/logic/commands.js';
import { applyEvent, emptyModel, withList } from '../../../webroot/js/logic/model.js';

const model = () => withList(emptyModel(), { listId: 'L', name: 'Shop', version: 1, owner: 'me', members: [],
  todos: [{ todoId: 'T1', text: 'milk', completed: false }] });
const addIn = (mode) => makeCommand('todo-create', { listId: 'L', text: 'eggs' }, { mode, commandId: 'c1' });
const texts = (cmds) => listView(model(), cmds, 'L').todos.map((t) => t.text);

test('Safe shows nothing before the event, at any status', () => {
  for (const s of ['queued', 'sending', 'accepted']) {
    assert.deepEqual(texts([advance(addIn('safe'), s)]), ['milk'], s);
  }
});

test('Optimistic shows the change once the server accepted it', () => {
  assert.deepEqual(texts([advance(addIn('optimistic'), 'sending')]), ['milk']);
  assert.deepEqual(texts([advance(addIn('optimistic'), 'accepted')]), ['milk', 'eggs']);
});

test('Brave shows it at once, with where it is', () => {
  const view = listView(model(), [addIn('brave')], 'L');
  assert.deepEqual(view.todos.map((t) => [t.text, t.pending]), [['milk', null], ['eggs', 'queued']]);
});

test('a rejected command rolls back: the overlay is gone', () => {
  assert.deepEqual(texts([advance(addIn('brave'), 'rejected')]), ['milk']);
});

test('confirmation hands over to the model without a duplicate', () => {
  let cmd = advance(addIn('brave'), 'accepted', { todoId: 'T2' });
  const m = applyEvent(model(), { action: 'todo-create', status: 'succeeded', listId: 'L', version: 2, cursor: 9,
    payload: { todoId: 'T2', text: 'eggs' } }, 'me').model;
  assert.deepEqual(listView(m, [cmd], 'L').todos.map((t) => t.text), ['milk', 'eggs'], 'even before the status moves');
  cmd = advance(cmd, 'confirmed');
  assert.deepEqual(listView(m, [cmd], 'L').todos.map((t) => [t.text, t.pending]), [['milk', null], ['eggs', null]]);
});

test('Brave edits, ticks and deletes show at once', () => {
  const tick = makeCommand('todo-update', { listId: 'L', todoId: 'T1', completed: true }, { mode: 'brave' });
  assert.equal(listView(model(), [tick], 'L').todos[0].completed, true);
  const del = makeCommand('todo-delete', { listId: 'L', todoId: 'T1' }, { mode: 'brave' });
  assert.equal(listView(model(), [del], 'L').todos[0].deleting, true);
  const rename = makeCommand('list-rename', { listId: 'L', name: 'Food' }, { mode: 'optimistic' });
  assert.equal(listView(model(), [advance(rename, 'accepted')], 'L').name, 'Food');
});

test('a list being created shows in the picker in Brave mode only', () => {
  const create = (mode) => makeCommand('list-create', { name: 'New' }, { mode, commandId: 'k' });
  assert.deepEqual(listsView(model(), [create('brave')]).map((l) => [l.name, l.pending]), [['New', 'queued'], ['Shop', null]]);
  assert.deepEqual(listsView(model(), [create('safe')]).map((l) => l.name), ['Shop']);
});

test('pending commands turn slow after the patience runs out; queued ones wait for the network instead', () => {
  const sent = advance(advance(addIn('safe'), 'sending', {}, 1000), 'accepted', {}, 1200);
  const queued = makeCommand('todo-create', { listId: 'L', text: 'x' }, { now: 0 });
  const done = advance(addIn('safe'), 'confirmed');
  const p = pendingOf([sent, queued, done], 11_500, 10_000);
  assert.deepEqual(p.map((c) => [c.status, c.slow]), [['accepted', true], ['queued', false]]);
  assert.equal(overlaid(done), false);
});
