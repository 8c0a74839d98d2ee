import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RETRY, fullJitter, isRetryable, nextDelay, retryAfterMs } from '../../../webroot/js/logic/backoff.js';

test('full jitter stays below base * 2^(attempt-1), capped at 8 s', () => {
  const top = () => 0.999999;
  assert.equal(fullJitter(1, RETRY, top), 249);
  assert.equal(fullJitter(2, RETRY, top), 499);
  assert.equal(fullJitter(5, RETRY, top), 3999);
  assert.equal(fullJitter(6, RETRY, top), 7999);
  assert.equal(fullJitter(20, RETRY, top), 7999);
  assert.equal(fullJitter(3, RETRY, () => 0), 0);
});

test('full jitter spreads retries over the whole window', () => {
  const samples = Array.from({ length: 2000 }, () => fullJitter(4));
  assert.ok(Math.min(...samples) < 200);
  assert.ok(Math.max(...samples) > 1800);
  assert.ok(samples.every((s) => s >= 0 && s < 2000));
});

test('six attempts means five waits, then none', () => {
  const waits = [1, 2, 3, 4, 5, 6].map((a) => nextDelay(a, null, RETRY, () => 0.5));
  assert.deepEqual(waits, [125, 250, 500, 1000, 2000, null]);
});

test('Retry-After is honoured when it asks for longer than the jitter', () => {
  assert.equal(nextDelay(1, 2000, RETRY, () => 0.5), 2000);
  assert.equal(nextDelay(6, 2000, RETRY, () => 0.5), null);
  assert.equal(nextDelay(5, 100, RETRY, () => 0.5), 2000);
});

test('Retry-After reads seconds and HTTP dates', () => {
  assert.equal(retryAfterMs('2'), 2000);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs('soon'), null);
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs('Wed, 01 Jan 2025 00:00:03 GMT', now), 3000);
});

test('only network errors, 5xx and 429 are retried', () => {
  assert.ok(isRetryable({ networkError: true }));
  for (const status of [500, 502, 503, 504, 429]) assert.ok(isRetryable({ status }), String(status));
  for (const status of [400, 401, 403, 404, 409, 410, 413, 422]) assert.ok(!isRetryable({ status }), String(status));
});
