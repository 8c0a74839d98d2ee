import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStream } from '../../../webroot/js/stream.js';
import { Link } from '../../../webroot/js/link.js';
import { connectionWords } from '../../../webroot/js/logic/outage.js';

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

/** An EventSource the test drives: open(), event(name, data, id), fail(). */
function fakeEventSources() {
  const made = [];
  class FakeEventSource {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.listeners = {};
      made.push(this);
    }

    addEventListener(name, fn) { (this.listeners[name] ??= []).push(fn); }

    open() { this.readyState = 1; this.onopen?.(); }

    event(name, data, lastEventId = '') {
      const e = { type: name, data: JSON.stringify(data), lastEventId };
      if (name === 'message') this.onmessage?.(e);
      for (const fn of this.listeners[name] ?? []) fn(e);
    }

    fail() { this.readyState = 2; this.onerror?.({}); }

    close() { this.readyState = 2; this.closed = true; }
  }
  return { made, FakeEventSource };
}

test('the stream hands on each named event as a message, is live once open, and resumes after the last id it saw', () => {
  const timers = manualTimers();
  const { made, FakeEventSource } = fakeEventSources();
  const stream = new EventStream('/api/events/stream', { EventSourceImpl: FakeEventSource, timers, random: () => 0.5 });
  const seen = [];
  stream.on((kind, a, b) => seen.push([kind, a, kind === 'state' ? b.transport : b]));
  stream.register('user.u1');
  stream.start();
  assert.equal(made[0].url, '/api/events/stream');
  made[0].open();
  made[0].event('todo-create', { action: 'todo-create', cursor: 7 }, '7');
  made[0].event('presence', { action: 'presence', listId: 'l' });
  assert.deepEqual(seen.filter(([k]) => k !== 'state'), [
    ['registered', 'user.u1', undefined],
    ['message', 'user.u1', { action: 'todo-create', cursor: 7 }],
    ['message', 'user.u1', { action: 'presence', listId: 'l' }],
  ]);
  assert.deepEqual(seen.find(([k, s]) => k === 'state' && s === 'open'), ['state', 'open', 'sse']);
  made[0].fail();
  assert.equal(made[0].closed, true);
  assert.equal(timers.due.length, 1);
  assert.ok(timers.due[0].ms >= 0 && timers.due[0].ms < 500, 'full jitter within the first ceiling');
  timers.fire();
  assert.equal(made[1].url, '/api/events/stream?lastEventId=7');
});

test('a reset verdict is handed on with its cursor and the next resume starts there; a close for a signed-out session stops for good', () => {
  const timers = manualTimers();
  const { made, FakeEventSource } = fakeEventSources();
  const stream = new EventStream('/s', { EventSourceImpl: FakeEventSource, timers });
  const seen = [];
  stream.on((kind, a, b) => seen.push([kind, a, b]));
  stream.start();
  made[0].open();
  made[0].event('reset', { cursor: 900, reason: 'too old' }, '900');
  assert.deepEqual(seen.find(([k]) => k === 'reset'), ['reset', 900, 'too old']);
  made[0].event('close', { code: 4000, reason: 'too slow' });
  timers.fire();
  assert.equal(made[1].url, '/s?lastEventId=900');
  made[1].open();
  made[1].event('close', { code: 4001, reason: 'signed out' });
  assert.deepEqual(seen.at(-1), ['state', 'closed', { signedOut: true, code: 4001, transport: 'sse' }]);
  assert.equal(timers.due.length, 0, 'no reconnect after signing out');
});

/** A transport the Link test drives by hand. */
function fakeTransport(kind, made) {
  return () => {
    const t = { kind, failures: 0, handlers: new Set(), state: 'closed', started: 0, stopped: 0,
      on(h) { this.handlers.add(h); return () => this.handlers.delete(h); },
      register() {}, start() { this.started += 1; }, stop() { this.stopped += 1; },
      say(state, info = {}) { this.state = state; for (const h of this.handlers) h('state', state, info); } };
    made.push(t);
    return t;
  };
}

test('the link falls back to Server-Sent Events once the socket failed to open three times while HTTP answers, and says which transport is live', async () => {
  const made = [];
  let answers = false;
  const link = new Link({ socket: fakeTransport('socket', made), stream: fakeTransport('sse', made), probe: async () => answers });
  const states = [];
  link.on((kind, state, info) => states.push([state, info.transport]));
  link.start();
  const socket = made[0];
  for (let failures = 1; failures <= 3; failures++) {
    socket.failures = failures;
    socket.say('closed', { code: 2000, retryInMs: 10 });
  }
  await new Promise((r) => setImmediate(r));
  assert.equal(made.length, 1, 'a server that does not answer HTTP either is down, not behind a socket-stripping proxy');
  answers = true;
  socket.failures = 4;
  socket.say('closed', { code: 2000, retryInMs: 10 });
  await new Promise((r) => setImmediate(r));
  assert.equal(made.length, 2);
  assert.equal(socket.stopped, 1);
  assert.equal(made[1].kind, 'sse');
  assert.equal(made[1].started, 1);
  made[1].say('open', {});
  assert.deepEqual(states.at(-1), ['open', 'sse']);
  assert.equal(connectionWords({ state: 'live' }, 0, link.transport).text, 'Live · Server-Sent Events');
});

test('a remembered choice of Server-Sent Events starts there; choosing the socket again switches back', async () => {
  const made = [];
  const link = new Link({ socket: fakeTransport('socket', made), stream: fakeTransport('sse', made), prefer: 'sse' });
  link.start();
  assert.equal(made[0].kind, 'sse');
  link.choose('socket');
  assert.equal(made[1].kind, 'socket');
  assert.equal(made[0].stopped, 1);
  made[1].failures = 5;
  made[1].say('closed', { code: 2000 });
  await new Promise((r) => setImmediate(r));
  assert.equal(made.length, 2, 'a chosen socket is not given up on');
});

test('drops the network did count towards giving up the socket; closes by either side and the server verdicts do not', async () => {
  const made = [];
  const link = new Link({ socket: fakeTransport('socket', made), stream: fakeTransport('sse', made), now: () => 0 });
  link.start();
  for (const code of [1000, 3000, 4000, 4001, 1000, 3000]) made[0].say('closed', { code });
  await new Promise((r) => setImmediate(r));
  assert.equal(made.length, 1);
  for (let i = 0; i < 3; i++) made[0].say('closed', { code: 1006 });
  await new Promise((r) => setImmediate(r));
  assert.equal(made.length, 2);
  assert.equal(made[1].kind, 'sse');
});
