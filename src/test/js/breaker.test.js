import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker } from '../../../webroot/js/logic/breaker.js';

function clock() {
  const c = { t: 1000 };
  c.now = () => c.t;
  return c;
}

test('opens after five consecutive failures, not before', () => {
  const c = clock();
  const b = new CircuitBreaker({ now: c.now });
  for (let i = 0; i < 4; i++) b.failure();
  assert.equal(b.state, 'closed');
  assert.ok(b.acquire());
  b.failure();
  assert.equal(b.state, 'open');
  assert.equal(b.acquire(), false);
});

test('a success in between resets the count', () => {
  const b = new CircuitBreaker({ now: clock().now });
  for (let i = 0; i < 4; i++) b.failure();
  b.success();
  for (let i = 0; i < 4; i++) b.failure();
  assert.equal(b.state, 'closed');
});

test('after the cool-down exactly one probe goes through; its success closes the breaker', () => {
  const c = clock();
  const b = new CircuitBreaker({ now: c.now, cooldownMs: 5000 });
  for (let i = 0; i < 5; i++) b.failure();
  c.t += 4999;
  assert.equal(b.acquire(), false);
  c.t += 1;
  assert.equal(b.state, 'half-open');
  assert.equal(b.acquire(), true);
  assert.equal(b.acquire(), false, 'a second request waits for the probe');
  b.success();
  assert.equal(b.state, 'closed');
  assert.ok(b.acquire());
});

test('a failed probe opens it again for longer', () => {
  const c = clock();
  const b = new CircuitBreaker({ now: c.now, cooldownMs: 1000 });
  const states = [];
  b.onChange((s) => states.push(s));
  for (let i = 0; i < 5; i++) b.failure();
  c.t += 1000;
  assert.ok(b.acquire());
  b.failure();
  assert.equal(b.state, 'open');
  assert.equal(b.retryAt, c.t + 2000);
  c.t += 2000;
  assert.ok(b.acquire());
  b.success();
  assert.deepEqual(states, ['open', 'open', 'closed']);
});

test('a probe that answers closes the breaker but keeps the cool-down: failing again soon opens it for twice as long', () => {
  let now = 0;
  const b = new CircuitBreaker({ threshold: 2, cooldownMs: 1000, now: () => now });
  const fail = (n) => { for (let i = 0; i < n; i++) b.failure(); };
  fail(2);
  assert.equal(b.retryAt, 1000);
  now = 1000;
  assert.equal(b.acquire(), true, 'the probe');
  b.success({ probe: true });
  assert.equal(b.state, 'closed');
  fail(2);
  assert.equal(b.retryAt - now, 2000, 'the server answered probes, not commands');
  now += 2000;
  b.acquire();
  b.success({ probe: true });
  fail(2);
  assert.equal(b.retryAt - now, 4000);
  now += 4000;
  b.acquire();
  b.success({ probe: true });
  b.success();
  fail(2);
  assert.equal(b.retryAt - now, 1000, 'a real success starts over');
});
