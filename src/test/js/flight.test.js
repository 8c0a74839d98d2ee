import { test } from 'node:test';
import assert from 'node:assert/strict';
import { singleFlight } from '../../../webroot/js/logic/flight.js';

const gate = () => {
  let open;
  const opened = new Promise((r) => { open = r; });
  return { opened, open };
};

test('calls during a run ask for one more run after it, not one each', async () => {
  const gates = [gate(), gate()];
  let runs = 0;
  const drain = singleFlight(() => gates[runs++].opened);
  const first = drain();
  assert.equal(runs, 1, 'the first run starts at once');
  assert.equal(drain.busy, true);
  await drain();
  await drain();
  assert.equal(runs, 1, 'the others wait, and return at once');
  gates[0].open();
  await first;
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(runs, 2, 'exactly one more run');
  gates[1].open();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(drain.busy, false);
  assert.equal(runs, 2);
});

test('with join, calls during a run get that run\'s result and cause no second run', async () => {
  const g = gate();
  let runs = 0;
  const resync = singleFlight(() => { runs += 1; return g.opened; }, { join: true });
  const a = resync();
  const b = resync();
  assert.equal(a, b);
  g.open('done');
  assert.deepEqual(await Promise.all([a, b]), ['done', 'done']);
  assert.equal(runs, 1);
  assert.equal(resync.busy, false);
});

test('a run that fails, even at once, rejects its callers and frees the next run', async () => {
  let calls = 0;
  const f = singleFlight(() => {
    calls += 1;
    if (calls === 1) throw new Error('boom');
    return 'ok';
  });
  await assert.rejects(f(), /boom/);
  assert.equal(f.busy, false);
  assert.equal(await f(), 'ok');
});

test('a run that calls itself (a catch-up that resyncs, which catches up) does not wait for itself', async () => {
  let runs = 0;
  const self = singleFlight(async () => {
    runs += 1;
    if (runs === 1) await self();
  });
  await self();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(runs, 2);
});
