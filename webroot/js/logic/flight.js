/**
 * `fn` wrapped so that only one run of it goes on at a time. A call made during a run either joins that run
 * (`join: true`: it gets the same promise) or, by default, returns at once and has `fn` run once more when the
 * current run is over — however many calls came in meanwhile — so what they asked for is not missed. `busy`
 * tells whether a run is going on. `fn` starts synchronously, as a plain call would.
 */
export function singleFlight(fn, { join = false } = {}) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) {
      if (join) return running;
      again = true;
      return Promise.resolve();
    }
    let started;
    try {
      started = Promise.resolve(fn());
    } catch (e) {
      started = Promise.reject(e);
    }
    running = started.finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
    return running;
  };
  Object.defineProperty(run, 'busy', { get: () => running !== null });
  return run;
}
