import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KINDS, RENAMED, kindOf } from '../../../webroot/js/logic/kinds.js';
import { describe as words, makeCommand } from '../../../webroot/js/logic/commands.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const REQUIRED = { fold: 'function', narrate: 'function' };
/** What a row the client sends needs on top; a saga's later steps, which the server sends, have none of it. */
const SENT = { request: 'function', describe: 'function', overlay: 'function' };
const OPTIONAL = { creates: 'boolean', joins: 'function', ends: 'boolean', step: 'object', undo: 'object', invites: 'function',
  answers: 'function', received: 'boolean' };
/** A saga's later steps, and a kind the page only receives (from logs written before it stopped sending it). */
const sentByServer = (row) => row.step?.n > 1 || row.received === true;

/** The rows of the README table whose header starts with `header`, as arrays of cells. */
function table(header) {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  assert.ok(start >= 0, `README has a table starting '${header}'`);
  const rows = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

test('every row has every part, and nothing else', () => {
  for (const [name, row] of Object.entries(KINDS)) {
    for (const [part, type] of Object.entries(REQUIRED)) assert.equal(typeof row[part], type, `${name}.${part}`);
    for (const [part, type] of Object.entries(SENT)) {
      assert.equal(typeof row[part], sentByServer(row) ? 'undefined' : type, `${name}.${part}`);
    }
    assert.ok(['info', 'warning'].includes(row.tone), `${name}.tone`);
    for (const [part, type] of Object.entries(OPTIONAL)) {
      if (part in row) assert.equal(typeof row[part], type, `${name}.${part}`);
    }
    assert.deepEqual(Object.keys(row).filter((k) => !(k in REQUIRED) && !(k in SENT) && !(k in OPTIONAL) && k !== 'tone'),
      [], name);
  }
  assert.equal(Object.values(KINDS).filter((r) => r.creates).length, 1, 'one kind makes lists');
});

test('there is a row for every action the server pushes for a list command, named as the server names it', () => {
  const actions = table('| action | event type |').flatMap(([cell]) => [...cell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
  assert.ok(actions.includes('todo-create'), 'the README table was read');
  assert.deepEqual(Object.keys(KINDS).sort(), actions.filter((a) => a !== 'user-signup').sort());
});

test('each row travels as the README\'s command table says', () => {
  const routes = table('| request | 202 body adds |').map(([cell]) => cell.replace(/`/g, '').split(' ').slice(0, 2).join(' '));
  const args = { listId: '{listId}', todoId: '{todoId}', userId: '{userId}', name: 'n', username: 'u', text: 't' };
  for (const [name, row] of Object.entries(KINDS).filter(([, r]) => !sentByServer(r))) {
    const [method, path] = row.request(args);
    assert.ok(routes.includes(`${method} ${decodeURIComponent(path)}`), `${name}: ${method} ${path}`);
  }
});

test('every kind can be made, described, overlaid, folded and narrated', () => {
  const list = { listId: 'L', name: 'Shop', version: 1, owner: 'u1', members: [{ userId: 'u2', username: 'ben' }],
    todos: [{ todoId: 'T', text: 'milk', completed: false }] };
  const args = { listId: 'L', todoId: 'T', userId: 'u2', name: 'Food', username: 'ben', text: 'eggs', previousText: 'milk',
    toListId: 'W', toName: 'Work' };
  const payload = { todoId: 'T', text: 'eggs', name: 'Food', userId: 'u2', username: 'ben', sagaId: 'S', toListId: 'W',
    fromListId: 'G', completed: false, code: 'not_found', reason: 'gone' };
  const msg = { actor: 'u1', actorName: 'ana', at: 'now', payload };
  for (const [name, row] of Object.entries(KINDS)) {
    if (!sentByServer(row)) {
      const cmd = makeCommand(name, args, { mode: 'brave' });
      assert.ok(!/undefined/.test(words(cmd)), `${name} describes itself: ${words(cmd)}`);
      assert.equal(typeof row.overlay(list, cmd), 'object', name);
    }
    const folded = row.fold(list, payload, msg, 'u9');
    assert.ok(folded === null || folded.listId === 'L', name);
    assert.match(row.narrate(payload, 'ana', list), /^ana /, name);
  }
});

test('old kind names lead to rows; unknown names to none', () => {
  for (const [old, now] of Object.entries(RENAMED)) {
    assert.equal(kindOf(old), null, `${old} is no longer a row`);
    assert.ok(kindOf(now), `${now} is a row`);
  }
  assert.equal(kindOf('toString'), null);
  assert.equal(kindOf('presence'), null);
});

test('a saga is a run of steps 1 to 3: the user sends the first, the last settles the command, done or undone', () => {
  const steps = Object.values(KINDS).filter((r) => r.step);
  assert.deepEqual(steps.map((r) => r.step.n).sort(), [1, 2, 3, 3]);
  for (const row of steps) assert.equal(typeof row.step.words, 'string');
  assert.deepEqual(steps.filter((r) => !sentByServer(r)).map((r) => r.step.n), [1]);
  const ends = steps.filter((r) => r.step.settles).map((r) => r.step.settles({ code: 'not_found', reason: 'gone' }));
  assert.deepEqual(ends.map((e) => e.status).sort(), ['confirmed', 'rejected']);
  assert.match(ends.find((e) => e.status === 'rejected').reason, /^gone — it is back where it was$/);
});
