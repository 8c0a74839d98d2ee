import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Presence } from '../../../webroot/js/sync/presence.js';
import { Sync } from '../../../webroot/js/sync.js';
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
