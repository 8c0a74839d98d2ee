import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api } from '../../../webroot/js/api.js';
import { CircuitBreaker } from '../../../webroot/js/logic/breaker.js';

function fakeServer(answers) {
  const calls = [];
  const fetchFn = async (url, init) => {
    calls.push({ url, key: init.headers['Idempotency-Key'], trace: init.headers.traceparent, method: init.method });
    const next = answers.shift();
    if (next === 'network') throw new TypeError('Failed to fetch');
    if (next === 'hang') {
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    const [status, body, headers = {}] = next;
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  };
  return { calls, fetchFn };
}

const waits = [];
// Waiting moves the api's clock on, as time would.
const api = (server, extra = {}) => {
  let clock = 1_000_000;
  return new Api({ fetchFn: server.fetchFn, wait: async (ms) => { waits.push(ms); clock += ms; }, now: () => clock,
    random: () => 0.5, breaker: new CircuitBreaker({ threshold: 5 }), ...extra });
};
const cmd = { commandId: 'key-1', request: { method: 'POST', path: '/api/lists', body: { name: 'x' } } };

test('retries 5xx and network errors with the same Idempotency-Key', async () => {
  const server = fakeServer([[500, { title: 'chaos' }], 'network', [202, { commandId: 'key-1', status: 'accepted' }]]);
  const r = await api(server).command(cmd);
  assert.equal(r.status, 202);
  assert.deepEqual(server.calls.map((c) => c.key), ['key-1', 'key-1', 'key-1']);
});

test('never retries other 4xx', async () => {
  const server = fakeServer([[409, { title: 'conflict', detail: 'taken' }]]);
  await assert.rejects(api(server).command(cmd), (e) => e.status === 409 && !e.retryable);
  assert.equal(server.calls.length, 1);
});

test('gives up after six attempts', async () => {
  const server = fakeServer(Array.from({ length: 10 }, () => [503, {}]));
  await assert.rejects(api(server, { breaker: new CircuitBreaker({ threshold: 100 }) }).command(cmd), (e) => e.status === 503);
  assert.equal(server.calls.length, 6);
});

test('honours Retry-After', async () => {
  waits.length = 0;
  const server = fakeServer([[429, {}, { 'Retry-After': '3' }], [202, {}]]);
  await api(server).command(cmd);
  assert.deepEqual(waits, [3000]);
});

test('a 429 holds back every command of the page until its Retry-After, and is no failure for the breaker', async () => {
  waits.length = 0;
  const breaker = new CircuitBreaker({ threshold: 2 });
  const server = fakeServer([[429, { title: 'Too many commands' }, { 'Retry-After': '2' }], [202, {}],
    [429, {}, { 'Retry-After': '1' }], [429, {}, { 'Retry-After': '1' }], [429, {}, { 'Retry-After': '1' }]]);
  const client = api(server, { breaker });
  await assert.rejects(client.command(cmd, { retry: false }), (e) => e.status === 429 && e.retryAfter === 2000);
  const other = { commandId: 'key-2', request: { method: 'POST', path: '/api/lists', body: { name: 'y' } } };
  await client.command(other);
  assert.deepEqual(waits, [2000], 'the next command waited out the Retry-After before it was sent');
  assert.deepEqual(server.calls.map((c) => c.key), ['key-1', 'key-2']);
  await client.get('/api/lists', { retry: false }).catch(() => {});
  assert.deepEqual(waits, [2000], 'a query is not held back');
  for (let i = 0; i < 2; i++) await assert.rejects(client.command(cmd, { retry: false }), (e) => e.status === 429);
  assert.equal(breaker.state, 'closed', 'three 429s in a row: the server answers, nothing is broken');
});

test('a request that does not answer in time is aborted and retried', async () => {
  const server = fakeServer(['hang', [202, {}]]);
  const r = await api(server, { timeoutMs: 20 }).command(cmd);
  assert.equal(r.status, 202);
  assert.equal(server.calls.length, 2);
});

test('an open breaker stops sending without touching the network', async () => {
  const breaker = new CircuitBreaker({ threshold: 5, cooldownMs: 60_000 });
  const server = fakeServer(Array.from({ length: 10 }, () => [500, {}]));
  await assert.rejects(api(server, { breaker }).command(cmd));
  assert.equal(server.calls.length, 5, 'the sixth attempt was stopped by the breaker');
  await assert.rejects(api(server, { breaker }).command(cmd), (e) => e.breakerOpen);
  assert.equal(server.calls.length, 5);
});

test('a command carries its traceparent on every attempt: its retries are one trace', async () => {
  const traced = { ...cmd, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  const server = fakeServer([[503, {}], 'network', [202, { commandId: 'key-1', status: 'accepted' }]]);
  await api(server).command(traced);
  assert.deepEqual(server.calls.map((c) => c.trace), Array(3).fill(traced.traceparent));
});
