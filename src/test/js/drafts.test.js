import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Drafts } from '../../../webroot/js/logic/drafts.js';
import { MemoryStorage } from '../../../webroot/js/logic/outbox.js';

test('each list has its own draft: switching lists shows the draft of the one shown', () => {
  const d = new Drafts(new MemoryStorage(), 'k');
  d.setText('A', 'Trip', 'socks');
  d.setText('B', 'Work', 'report');
  assert.deepEqual([d.text('A'), d.text('B'), d.text('C')], ['socks', 'report', '']);
});

test('a list that went keeps its drafts — the new-todo text and changed editors — with why, across a reload', () => {
  const storage = new MemoryStorage();
  const d = new Drafts(storage, 'k');
  d.setText('A', 'Trip', 'socks ');
  d.setEdit('A', 'Trip', 'T1', 'bread', 'rye bread');
  d.setEdit('A', 'Trip', 'T2', 'milk', 'milk');
  d.setText('B', 'Work', 'report');
  d.gone('A', 'Trip', 'ana', 'removed');
  assert.deepEqual(d.kept(new Set(['A', 'B'])), [], 'both lists still there: nothing kept aside');
  const again = new Drafts(storage, 'k');
  assert.deepEqual(again.kept(new Set(['B'])), [{ listId: 'A', name: 'Trip', gone: { by: 'ana', why: 'removed' },
    items: [{ key: 'new', text: 'socks' }, { key: 'T1', text: 'rye bread', was: 'bread' }] }]);
  again.drop('A', 'new');
  again.drop('A', 'T1');
  assert.deepEqual(again.kept(new Set(['B'])), []);
  assert.deepEqual(new Drafts(storage, 'k').all, { B: { name: 'Work', text: 'report', edits: {} } });
});

test('an editor closed, or back to the text it started from, is no draft', () => {
  const d = new Drafts(new MemoryStorage(), 'k');
  d.setEdit('A', 'Trip', 'T1', 'bread', 'rye');
  d.setEdit('A', 'Trip', 'T1', 'bread', null);
  assert.deepEqual(d.kept(new Set()), []);
  assert.deepEqual(new Drafts({ getItem: () => '[not json', setItem() {} }, 'k').all, {});
});
