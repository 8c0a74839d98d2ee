import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bus } from '../../../webroot/js/bus.js';

/** Timers the test runs by hand: each timeout is recorded with its delay, and fired when the test says. */
function manualTimers() {
  const due = [];
  return {
    due,
    setTimeout(fn, ms) { due.push({ fn, ms }); return due.length; },
    clearTimeout() {},
    setInterval() { return 0; },
    clearInterval() {},
    fire() { due.shift().fn(); },
  };
}

/** A SockJS that opens and is closed by the server after `lifeMs` of the test's clock, with `code`. */
function refusingServer({ code, clock, lifeMs = 20 }) {
  const made = [];
  class FakeSockJS {
    constructor() {
      made.push(this);
      this.readyState = 0;
      queueMicrotask(() => {
        this.readyState = 1;
        this.onopen?.();
        clock.now += lifeMs;
        this.readyState = 3;
        this.onclose?.({ code, reason: 'refused' });
      });
    }

    send() {}

    close() {}
  }
  return { made, FakeSockJS };
}

const settle = () => new Promise((r) => setImmediate(r));

test('reconnect delays double up to the cap while sockets keep failing; a random of 0 may retry at once (full jitter)', async () => {
  for (const [random, expected] of [[0.999, [499, 999, 1998, 3996, 7992, 15984, 29970, 29970]], [0, [0, 0, 0, 0, 0, 0, 0, 0]]]) {
    const clock = { now: 0 };
    const timers = manualTimers();
    const { FakeSockJS } = refusingServer({ code: 1011, clock });
    const bus = new Bus('/eventbus', { SockJSImpl: FakeSockJS, timers, now: () => clock.now, random: () => random });
    const seen = [];
    bus.on((kind, state, info) => { if (kind === 'state' && info?.retryInMs !== undefined) seen.push(info.retryInMs); });
    bus.start();
    for (let i = 0; i < 8; i++) {
      await settle();
      timers.fire();
    }
    assert.deepEqual(seen, expected);
    bus.stop();
  }
});

test('a socket that lived long enough is retried soon after it drops: only failures in a row back off', async () => {
  const clock = { now: 0 };
  const timers = manualTimers();
  const { FakeSockJS } = refusingServer({ code: 1006, clock, lifeMs: 60_000 });
  const bus = new Bus('/eventbus', { SockJSImpl: FakeSockJS, timers, now: () => clock.now, random: () => 0.999 });
  const seen = [];
  bus.on((kind, state, info) => { if (kind === 'state' && info?.retryInMs !== undefined) seen.push(info.retryInMs); });
  bus.start();
  for (let i = 0; i < 3; i++) {
    await settle();
    timers.fire();
  }
  assert.deepEqual(seen, [499, 499, 499]);
  bus.stop();
});

for (const code of [4001, 1008]) {
  test(`a close with ${code} (the session ended, or there is none) stops the bus: no reconnect, and it says why`, async () => {
    const clock = { now: 0 };
    const timers = manualTimers();
    const { made, FakeSockJS } = refusingServer({ code, clock });
    const bus = new Bus('/eventbus', { SockJSImpl: FakeSockJS, timers, now: () => clock.now });
    const states = [];
    bus.on((kind, state, info) => { if (kind === 'state') states.push([state, info?.signedOut ?? false]); });
    bus.start();
    await settle();
    assert.equal(made.length, 1);
    assert.equal(timers.due.length, 0, 'no reconnect scheduled');
    assert.deepEqual(states.at(-1), ['closed', true]);
    assert.equal(bus.stopped, true);
  });
}
