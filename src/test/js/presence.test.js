import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Presence } from '../../../webroot/js/sync/presence.js';
import { Sync } from '../../../webroot/js/sync/sync.js';
import { MemoryStorage } from '../../../webroot/js/logic/outbox.js';

const fakeApi = () => {
  const calls = [];
  return { calls, async presence(listId, here) { calls.push(`${here ? 'PUT' : 'DELETE'} ${listId}`); } };
};

test('a presence push tells who is looking at the list, from payload.userIds', () => {
  const sync = new Sync({ api: fakeApi(), bus: {}, storage: new MemoryStorage(), me: { userId: 'u1' } });
  let changes = 0;
  sync.addEventListener('change', () => { changes += 1; });
  sync.onMessage({ action: 'presence', listId: 'L', payload: { userIds: ['u1', 'u2'] } });
  assert.deepEqual([...sync.presence.of('L')], ['u1', 'u2']);
  assert.equal(sync.presence.of('M'), undefined);
  assert.equal(changes, 1);
  assert.deepEqual(sync.model.lists, {}, 'presence is not an event of the log');
});

test('this tab says where it is when that changes, on every beat, and leaves when it stops', () => {
  const api = fakeApi();
  const presence = new Presence(api);
  for (const listId of ['L', 'M']) presence.heard({ listId, payload: { userIds: [] } });
  let where = 'L';
  presence.follow(() => where);
  presence.update();
  presence.update();
  where = 'M';
  presence.update();
  presence.update({ beat: true });
  where = null;
  presence.update();
  where = 'M';
  presence.update();
  presence.stop();
  presence.stop();
  assert.deepEqual(api.calls, ['PUT L', 'DELETE L', 'PUT M', 'PUT M', 'DELETE M', 'PUT M', 'DELETE M']);
});

test('a tab that does not know who is looking leaves and comes back, so the server pushes who is there', async () => {
  const api = fakeApi();
  const presence = new Presence(api);
  presence.follow(() => 'L');
  presence.update();
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(api.calls, ['DELETE L', 'PUT L'], 'just loaded: nothing known');
  presence.heard({ listId: 'L', payload: { userIds: ['u2'] } });
  presence.registered();
  assert.equal(presence.of('L'), undefined, 'the socket was down: what it said is forgotten');
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(api.calls.slice(2), ['DELETE L', 'PUT L'], 'registered again: ask again');
  presence.heard({ listId: 'L', payload: { userIds: ['u2'] } });
  presence.forget();
  assert.equal(presence.of('L'), undefined, 'offline: nothing known');
  presence.stop();
});

test('offline, the page stops claiming who is here', () => {
  const sync = new Sync({ api: fakeApi(), bus: {}, storage: new MemoryStorage(), me: { userId: 'u1' } });
  sync.onMessage({ action: 'presence', listId: 'L', payload: { userIds: ['u1', 'u2'] } });
  sync.setOnline(false);
  assert.equal(sync.presence.of('L'), undefined);
});

test('each call names this tab, and a beat that fails is tried again later and later (full jitter), not every 15 s', async () => {
  const calls = [];
  const due = [];
  const timers = { setTimeout: (fn, ms) => { due.push(ms); return due.length; }, clearTimeout() {} };
  const api = { async presence(listId, here, { tab }) { calls.push(tab); throw new Error('unreachable'); } };
  const presence = new Presence(api, { tab: 'tab-1', timers, random: () => 0.999 });
  presence.heard({ listId: 'L', payload: { userIds: [] } });
  presence.follow(() => 'L');
  for (let i = 0; i < 4; i++) {
    presence.update({ beat: true });
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(calls.every((t) => t === 'tab-1'));
  assert.deepEqual(due, [15_000, 29_970, 59_940, 119_880, 239_760]);
  presence.stop({ quiet: true });
  assert.equal(calls.length, 4, 'a quiet stop sends nothing');
});
