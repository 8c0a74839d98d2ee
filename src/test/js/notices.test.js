import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNDO_MS, noticesOf, undoOf } from '../../../webroot/js/logic/notices.js';
import { advance, makeCommand } from '../../../webroot/js/logic/commands.js';
import { KINDS, kindOf } from '../../../webroot/js/logic/kinds.js';
import { Sync } from '../../../webroot/js/sync/sync.js';
import { MemoryStorage } from '../../../webroot/js/logic/outbox.js';
import { CircuitBreaker } from '../../../webroot/js/logic/breaker.js';

const made = (kind, args, t = 0, extra = {}) => ({ ...makeCommand(kind, { listId: 'L', ...args }, { now: t, commandId: `c${t}` }), ...extra });
const tick = (t, extra) => made('todo-update', { todoId: 'T', completed: true, previousText: 'milk' }, t, extra);
/** This table, as it is once the server's RestoreTodo is merged in: the row the page side of undoing a delete waits for. */
const withRestore = (name) => (name === 'todo-restore' ? { request: () => ['POST', '/restore', {}] } : kindOf(name));

test('the latest undoable change offers Undo for a while; an undo, an undone or an old change does not', () => {
  const c = tick(1000);
  assert.deepEqual(noticesOf([c], 2000).map((n) => [n.text, n.actions, n.until]), [["Ticked 'milk'", ['undo'], 1000 + UNDO_MS]]);
  assert.deepEqual(noticesOf([c], 1000 + UNDO_MS + 1), []);
  assert.deepEqual(noticesOf([{ ...c, undone: true }], 2000), []);
  const [kind, args] = undoOf(c);
  assert.deepEqual([kind, args.completed, args.undoes], ['todo-update', false, 'c1000']);
  assert.deepEqual(noticesOf([c, made(kind, args, 1500)], 2000).map((n) => n.key), ['c1000'], 'the undo is not offered again');
  assert.equal(undoOf(made('todo-update', { todoId: 'T', text: 'oat milk' }, 5)), null, 'an edit of the text is not');
});

test('a delete is undone by restoring the todo as it was — offered only once this client knows the kind that restores', () => {
  const del = made('todo-delete', { todoId: 'T', previousText: 'milk', completed: true }, 1000);
  const known = !!kindOf('todo-restore');
  assert.equal(noticesOf([del], 2000).length, known ? 1 : 0);
  assert.deepEqual(undoOf(del, withRestore), ['todo-restore', { listId: 'L', todoId: 'T', text: 'milk', completed: true, undoes: 'c1000' }]);
  assert.deepEqual(noticesOf([del], 2000, withRestore).map((n) => n.text), ["Deleted 'milk'"]);
  assert.equal(KINDS['todo-delete'].undo.of(del.args)[0], 'todo-restore', 'the action the server pushes for RestoreTodo');
});

test('a move is offered once it is done, and undone by moving back', () => {
  const move = made('todo-move', { todoId: 'T', toListId: 'W', toName: 'Work', fromName: 'Home', previousText: 'milk' }, 1000);
  assert.deepEqual(noticesOf([move], 1500), [], 'not before the saga is done');
  const done = advance(move, 'confirmed', { movedTo: 'T2' }, 3000);
  assert.deepEqual(noticesOf([done], 3000 + UNDO_MS - 1).map((n) => n.text), ["Moved 'milk' to 'Work'"]);
  assert.deepEqual(undoOf(done)[1], { listId: 'W', todoId: 'T2', toListId: 'L', toName: 'Home', fromName: 'Work',
    previousText: 'milk', undoes: 'c1000' }, 'the todo as it lives in the target now');
});

test('refusals and failures are notices until dismissed; a failure offers Retry; a conflict is told in its list instead', () => {
  const add = (t) => made('todo-create', { text: 'bread' }, t);
  const failed = advance(add(1), 'failed', { reason: 'gave up after 5 attempts' }, 10);
  const refused = advance(add(2), 'rejected', { reason: 'no such list' }, 10);
  const conflict = advance(add(3), 'rejected', { code: 'version_conflict' }, 10);
  assert.deepEqual(noticesOf([failed, refused, conflict], 20).map((n) => [n.text, n.actions]), [
    ["Could not add 'bread': gave up after 5 attempts", ['retry']], ["Could not add 'bread': no such list", []]]);
  assert.deepEqual(noticesOf([{ ...failed, dismissed: true }, { ...refused, resolved: 'retried' }], 20), []);
});

function sync() {
  const sent = [];
  const api = { breaker: new CircuitBreaker(), onAttempt: () => () => {},
    async command(cmd) { sent.push(cmd); return { status: 202, body: {} }; }, async commandStatus() { return { body: {} }; } };
  return { s: new Sync({ api, bus: {}, storage: new MemoryStorage(), me: { userId: 'u1' }, online: false }), sent };
}

test('Undo sends the undoing commands of everything made in one go, once; Retry sends the failed change again as it was', () => {
  const { s } = sync();
  for (const id of ['A', 'B', 'C']) {
    s.store.add(advance(made('todo-update', { todoId: id, completed: true, previousText: id, batch: 'b1' }, Date.now(), { commandId: id }), 'confirmed'));
  }
  assert.deepEqual(noticesOf(s.store.all()).map((n) => n.text), ['Ticked 3 todos']);
  s.notice('C', 'undo');
  s.notice('C', 'undo');
  const undos = s.store.pending();
  assert.deepEqual(undos.map((c) => [c.args.todoId, c.args.completed]), [['A', false], ['B', false], ['C', false]]);
  assert.deepEqual(noticesOf(s.store.all()), [], 'nothing more to undo');

  const failed = s.store.add(advance(made('todo-create', { text: 'bread' }, 5, { commandId: 'F' }), 'failed', { reason: 'gave up' }));
  s.notice(failed.commandId, 'retry');
  s.notice(failed.commandId, 'retry');
  assert.deepEqual(s.store.pending().filter((c) => c.kind === 'todo-create').map((c) => c.args.text), ['bread']);
  assert.equal(noticesOf(s.store.all()).filter((n) => n.kind === 'error').length, 0);
});
