import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFLICT, EVENTS, PHASES, phaseOf, phaseWords, transition } from '../../../webroot/js/logic/change.js';
import { makeCommand } from '../../../webroot/js/logic/commands.js';

/**
 * Every phase against every event, written out: where it leads ('=' stays). Read a row as "from this phase, on
 * send, retry, wait, accept, patience, confirm, reject, fail".
 */
const TABLE = {
  queued: ['sending', '=', '=', 'accepted', '=', 'confirmed', 'rejected', 'failed'],
  sending: ['=', 'retrying', 'queued', 'accepted', '=', 'confirmed', 'rejected', 'failed'],
  retrying: ['sending', 'retrying', 'queued', 'accepted', '=', 'confirmed', 'rejected', 'failed'],
  accepted: ['=', '=', 'queued', '=', 'slow', 'confirmed', 'rejected', 'failed'],
  slow: ['=', '=', 'queued', '=', '=', 'confirmed', 'rejected', 'failed'],
  confirmed: ['=', '=', '=', '=', '=', '=', '=', '='],
  rejected: ['=', '=', '=', '=', '=', '=', '=', '='],
  conflict: ['=', '=', '=', '=', '=', '=', '=', '='],
  failed: ['=', '=', '=', '=', '=', '=', '=', '='],
};
const STATUS = { queued: 'queued', sending: 'sending', retrying: 'sending', accepted: 'accepted', slow: 'accepted',
  confirmed: 'confirmed', rejected: 'rejected', conflict: 'rejected', failed: 'failed' };

const at = (phase) => ({ ...makeCommand('todo-create', { listId: 'L', text: 'milk' }, { mode: 'safe', now: 0 }),
  phase, status: STATUS[phase], t: { created: 0, sent: 10 }, error: phase === 'retrying' ? 'HTTP 500' : null });
const eventOf = (type) => ({ type, error: 'HTTP 503', why: 'offline', patienceMs: 1000, code: 'not_found', reason: 'gone' });

test('the table covers every phase and every event', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...PHASES].sort());
  assert.deepEqual(EVENTS, ['send', 'retry', 'wait', 'accept', 'patience', 'confirm', 'reject', 'fail']);
});

for (const from of PHASES) {
  test(`from ${from}: every event leads where the table says, and the status follows the phase`, () => {
    EVENTS.forEach((type, i) => {
      const want = TABLE[from][i] === '=' ? from : TABLE[from][i];
      const next = transition(at(from), eventOf(type), 5000);
      assert.equal(phaseOf(next), want, `${from} --${type}-->`);
      assert.equal(next.status, STATUS[want], `${from} --${type}--> status`);
    });
  });
}

test('only the latest true thing is said: a retry\'s error goes once the server answers, a wait says why until sent', () => {
  let c = at('queued');
  c = transition(c, { type: 'send' }, 20);
  c = transition(c, { type: 'retry', error: 'HTTP 500' }, 30);
  assert.equal(phaseWords(c), 'sending again (HTTP 500)…');
  c = transition(c, { type: 'accept', listId: 'L', todoId: 'T' }, 40);
  assert.deepEqual([phaseOf(c), c.error, c.todoId, phaseWords(c)], ['accepted', null, 'T', 'accepted']);
  c = transition(c, { type: 'wait', why: 'the server lost it' }, 50);
  assert.equal(phaseWords(c), 'waiting to send — the server lost it');
  c = transition(c, { type: 'send' }, 60);
  assert.deepEqual([c.waitingFor, phaseWords(c), c.attempts], [null, 'sending…', 2]);
  assert.equal(phaseWords(transition(c, { type: 'wait' }), { online: false }), 'queued (offline)');
});

test('slow is Safe mode\'s alone and only once the patience has run out since sending', () => {
  const accepted = (mode) => ({ ...at('accepted'), mode });
  assert.equal(phaseOf(transition(accepted('safe'), { type: 'patience', patienceMs: 1000 }, 500)), 'accepted', 'not yet');
  assert.equal(phaseOf(transition(accepted('safe'), { type: 'patience', patienceMs: 1000 }, 2000)), 'slow');
  assert.equal(phaseOf(transition(accepted('optimistic'), { type: 'patience', patienceMs: 1000 }, 9e9)), 'accepted',
    'Optimistic shows it already: never "still processing"');
  assert.equal(phaseOf(transition(accepted('brave'), { type: 'patience', patienceMs: 1000 }, 9e9)), 'accepted');
});

test('a refusal for a change to the same field is a conflict; times are kept whichever comes first', () => {
  const c = transition(at('sending'), { type: 'reject', code: CONFLICT, reason: 'changed' }, 100);
  assert.deepEqual([phaseOf(c), c.status, c.t.done], ['conflict', 'rejected', 100]);
  const late = transition(transition(at('sending'), { type: 'confirm' }, 30), { type: 'accept' }, 40);
  assert.deepEqual([phaseOf(late), late.t.done, late.t.accepted], ['confirmed', 30, 40]);
});

test('records stored before the machine read as their status says', () => {
  const old = { ...makeCommand('todo-create', { listId: 'L', text: 'x' }), status: 'accepted' };
  delete old.phase;
  assert.equal(phaseOf(old), 'accepted');
  assert.equal(phaseOf({ ...old, status: 'rejected', code: CONFLICT }), 'conflict');
  assert.equal(phaseOf(transition(old, { type: 'confirm' })), 'confirmed');
});
