import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeOf } from '../../../webroot/js/logic/commands.js';
import { applyEvent, emptyModel, withList } from '../../../webroot/js/logic/model.js';
import { MemoryStorage } from '../../../webroot/js/logic/outbox.js';
import { CircuitBreaker } from '../../../webroot/js/logic/breaker.js';
import { Sync } from '../../../webroot/js/sync/sync.js';
import { noticesOf } from '../../../webroot/js/logic/notices.js';

/** The messages of one move as the server pushes them (README, "Sagas"); `cursor` and `version` count up. */
const S = 'saga-1';
const started = { action: 'todo-move', status: 'succeeded', commandId: S, listId: 'G', version: 3, cursor: 10,
  actor: 'u1', actorName: 'ana', payload: { sagaId: S, step: 1, todoId: 'T', toListId: 'W', text: 'milk', completed: true } };
const accepted = { action: 'todo-move-in', status: 'succeeded', commandId: 'A', listId: 'W', version: 2, cursor: 11,
  actor: 'u1', actorName: 'ana', payload: { sagaId: S, step: 2, todoId: 'T2', text: 'milk', completed: true, fromListId: 'G' } };
const refused = { action: 'todo-move-in', status: 'rejected', commandId: 'A', listId: 'W', version: 1, cursor: 11,
  actor: 'u1', payload: { commandType: 'AcceptMove', code: 'not_found', reason: 'you are not a member of that list', sagaId: S, step: 2 } };
const out = { action: 'todo-move-out', status: 'succeeded', commandId: 'F', listId: 'G', version: 4, cursor: 12,
  actor: 'u1', actorName: 'ana', payload: { sagaId: S, step: 3, todoId: 'T', toListId: 'W' } };
const undone = { action: 'todo-move-undo', status: 'succeeded', commandId: 'F', listId: 'G', version: 4, cursor: 12,
  actor: 'u1', actorName: 'ana', payload: { sagaId: S, step: 3, todoId: 'T', code: 'not_found', reason: 'you are not a member of that list' } };

test('each message of a move speaks of the command that opened it; only the last step ends it', () => {
  assert.deepEqual(outcomeOf(started, 5), { commandId: S, end: null,
    step: { n: 1, at: 5, status: 'succeeded', words: 'marked as moving', undo: false } });
  assert.equal(outcomeOf(refused).step.words, 'refused: you are not a member of that list');
  assert.equal(outcomeOf(refused).end, null);
  assert.deepEqual(outcomeOf(out).end, { status: 'confirmed', movedTo: out.payload.toTodoId });
  const back = outcomeOf(undone);
  assert.equal(back.step.undo, true);
  assert.deepEqual(back.end, { status: 'rejected', code: 'not_found',
    reason: 'you are not a member of that list — it is back where it was' });
  const early = outcomeOf({ action: 'todo-move', status: 'rejected', commandId: S, payload: { code: 'moving', reason: 'busy' } });
  assert.deepEqual([early.commandId, early.end.status, early.step], [S, 'rejected', undefined], 'refused at step 1: ends at once');
});

test('the source list shows the todo moving, then without it; the target gets it once, with where it came from', () => {
  const groceries = { listId: 'G', name: 'Groceries', version: 2, owner: 'u1', members: [], todos: [
    { todoId: 'T', text: 'milk', completed: true, version: 2 }] };
  let model = withList(withList(emptyModel(), groceries), { listId: 'W', name: 'Work', version: 1, members: [], todos: [] });
  model = applyEvent(model, started, 'u2').model;
  assert.deepEqual(model.lists.G.todos[0].moving, { sagaId: S, toListId: 'W' });
  const undoneModel = applyEvent(model, undone, 'u2').model;
  assert.deepEqual(undoneModel.lists.G.todos, groceries.todos, 'rolled back: the todo as it was');
  model = applyEvent(model, accepted, 'u2').model;
  model = applyEvent(model, { ...accepted, cursor: 99 }, 'u2').model;
  assert.deepEqual(model.lists.W.todos.map((t) => [t.text, t.completed, t.movedFrom]), [['milk', true, 'G']]);
  model = applyEvent(model, out, 'u2').model;
  assert.deepEqual(model.lists.G.todos, []);
});

const made = [];
afterEach(() => made.splice(0).forEach((s) => s.stop()));

test('the author\'s move keeps its steps and ends refused, with the reason and the rollback, once undone', async () => {
  const api = { breaker: new CircuitBreaker(), onAttempt: () => () => {},
    command: async (cmd) => ({ status: 202, body: { commandId: cmd.commandId } }),
    events: async () => ({ status: 200, body: { events: [], cursor: 9 } }), lists: async () => ({ status: 200, body: [] }),
    invitations: async () => ({ status: 200, body: [] }),
    list: async () => ({ status: 404, body: {} }), commandStatus: async () => ({ status: 200, body: { status: 'started' } }) };
  const bus = { on: () => () => {}, register() {}, start() {}, stop() {} };
  const sync = new Sync({ api, bus, storage: new MemoryStorage(), me: { userId: 'u1', username: 'ana' } });
  made.push(sync);
  const toasts = [];
  sync.addEventListener('toast', (e) => toasts.push(e.detail));
  await sync.start();
  const cmd = sync.submit('todo-move', { listId: 'G', todoId: 'T', toListId: 'W', toName: 'Work', previousText: 'milk' });
  assert.deepEqual(cmd.request, { method: 'POST', path: '/api/lists/G/todos/T/move', body: { toListId: 'W' } });
  for (const m of [started, refused, undone, undone]) sync.onMessage({ ...m, payload: { ...m.payload, sagaId: cmd.commandId } });
  const done = sync.store.get(cmd.commandId);
  assert.equal(done.status, 'rejected');
  assert.equal(done.reason, 'you are not a member of that list — it is back where it was');
  assert.deepEqual(done.steps.map((s) => [s.n, s.status, s.undo]), [[1, 'succeeded', false], [2, 'rejected', false],
    [3, 'succeeded', true]]);
  assert.deepEqual(toasts.filter((t) => t.kind === 'error'), [], 'told as a notice drawn from the command, not a toast');
  assert.deepEqual(noticesOf(sync.store.all()).map((n) => n.text),
    ["Could not move 'milk' to 'Work': you are not a member of that list — it is back where it was"]);
});
