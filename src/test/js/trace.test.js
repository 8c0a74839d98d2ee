import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCommand, serverHops, traceparent } from '../../../webroot/js/logic/commands.js';

test('a command is made with a W3C traceparent of its own, kept as it is (retries and reloads send the same)', () => {
  const a = makeCommand('todo-create', { listId: 'L', text: 'x' });
  const b = makeCommand('todo-create', { listId: 'L', text: 'y' });
  assert.match(a.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  assert.notEqual(a.traceparent.slice(3, 35), b.traceparent.slice(3, 35));
  assert.equal(JSON.parse(JSON.stringify(a)).traceparent, a.traceparent);
});

test('a traceparent never has an all-zero trace or span id', () => {
  const zeros = { getRandomValues: (b) => b.fill(0) };
  assert.equal(traceparent(zeros), `00-${'0'.repeat(31)}1-${'0'.repeat(15)}1-01`);
});

test('the server hops are the time each took after the last, placed after the page sent the command', () => {
  const cmd = { t: { sent: 1000 }, server: { traceId: 't', hops: { accepted: 1002, confirmed: 1005, dequeued: 1007,
    decided: 1008, appended: 1011, folded: 1012, pushed: 1012.5 } } };
  assert.deepEqual(serverHops(cmd), [
    { name: 'confirm', from: 2, ms: 3 }, { name: 'queued', from: 5, ms: 2 }, { name: 'decided', from: 7, ms: 1 },
    { name: 'appended', from: 8, ms: 3 }, { name: 'folded', from: 11, ms: 1 }, { name: 'pushed', from: 12, ms: 0.5 }]);
});

test('a hop missing on this node is left out, and a broker clock behind ours counts as no time', () => {
  const cmd = { t: { sent: 1000 }, server: { hops: { accepted: 1000, confirmed: 1004, decided: 1006, appended: 1005, pushed: 1007 } } };
  assert.deepEqual(serverHops(cmd).map((x) => [x.name, x.ms]), [['confirm', 4], ['decided', 2], ['appended', 0], ['pushed', 1]]);
  assert.deepEqual(serverHops({ t: {} }), []);
});
