import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connection, connectionWords, reachable } from '../../../webroot/js/logic/outage.js';

const live = { online: true, signedIn: true, breaker: 'closed', bus: 'open', waiting: 0, servedAt: 0 };

/** Feeds a run of inputs (each a change to `live`) through the machine; the states it went through, one per input. */
function walk(...changes) {
  let conn = null;
  let now = 0;
  return changes.map((change) => {
    now += 1000;
    conn = connection(conn, { ...live, ...change }, now);
    return conn.state;
  });
}

test('a server that answers its health probe but refuses every command stays one outage: no flapping', () => {
  // The breaker opens, its probe closes it, commands fail, it opens again — and the socket stays up throughout.
  const states = walk({}, { breaker: 'open', waiting: 1 }, { breaker: 'half-open', waiting: 1 }, { breaker: 'closed', waiting: 1 },
    { breaker: 'open', waiting: 1 }, { breaker: 'closed', waiting: 1 }, { breaker: 'closed', waiting: 1, servedAt: 6500 });
  assert.deepEqual(states, ['live', 'unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable', 'live']);
});

test('with nothing waiting, the outage ends once the breaker is closed and live updates are up', () => {
  assert.deepEqual(walk({ breaker: 'open' }, { bus: 'closed' }, {}), ['unreachable', 'unreachable', 'live']);
});

test('live updates going and coming are one state, "reconnecting", until the socket is open again', () => {
  assert.deepEqual(walk({ bus: 'connecting' }, {}, { bus: 'closed' }, { bus: 'connecting' }, { bus: 'closed' }, {}),
    ['connecting', 'live', 'reconnecting', 'reconnecting', 'reconnecting', 'live']);
});

test('offline comes first, then the server, then live updates; signed out there is nothing to say', () => {
  assert.deepEqual(walk({ online: false, breaker: 'open', bus: 'closed' }, { breaker: 'open', bus: 'closed' },
    { signedIn: false, bus: 'closed' }), ['offline', 'unreachable', 'idle']);
  assert.equal(connectionWords({ state: 'idle' }).text, '');
});

test('the words say the one state and what waits; what needs the server is reachable only outside an outage', () => {
  assert.equal(connectionWords({ state: 'offline' }, 3).text, 'Offline · 3 waiting to send · showing what was last loaded');
  assert.equal(connectionWords({ state: 'unreachable' }, 1).text,
    'Server unreachable — changes wait and go out when it answers · 1 waiting to send');
  assert.deepEqual(['offline', 'unreachable', 'reconnecting', 'live'].map((state) => reachable({ state })), [false, false, true, true]);
});
