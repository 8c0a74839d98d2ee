'use strict';
// Eventual driven by the official Vert.x event-bus client from npm, as a Node program would use it.
// StockClientTest starts the node (socket.pingTimeoutSeconds=3) and passes its URL in EVENTUAL_URL.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const EventBus = require('@vertx/eventbus-bridge-client.js');

const BASE = process.env.EVENTUAL_URL;
assert.ok(BASE, 'EVENTUAL_URL names a running node');

// sockjs-client's XHR transports in Node go through http.globalAgent and take no headers from the caller: the session
// cookie is added by an agent, as a browser adds it. It keeps connections alive, as Node's default agent does: Vert.x
// SockJS closes a connection after each poll, so each such answer must say `Connection: close`, or the agent may send
// the next request on a connection that is being closed (a dropped session, now and then). It records what it saw.
let cookie = null;
const answers = [];
class CookieAgent extends http.Agent {
  addRequest(req, options) {
    if (cookie) req.setHeader('Cookie', cookie);
    req.once('response', (res) => answers.push({ path: req.path, connection: res.headers.connection }));
    return super.addRequest(req, options);
  }
}
http.globalAgent = new CookieAgent({ keepAlive: true });

async function signup(prefix) {
  const username = `${prefix}-${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${BASE}/api/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ username, password: 'password-1' }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { userId } = await res.json();
  return { userId, username, cookie: res.headers.get('set-cookie').split(';')[0] };
}

async function createList(user, name) {
  const res = await fetch(`${BASE}/api/lists`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), Cookie: user.cookie },
    body: JSON.stringify({ name }),
  });
  assert.equal(res.status, 202);
  return (await res.json()).listId;
}

/** A bus for `user` over the given transports; it records every message and error, and any close it did not ask for. */
function connect(user, transports, options = {}) {
  cookie = user.cookie;
  const eb = new EventBus(`${BASE}/eventbus`, {
    transports,
    transportOptions: { websocket: { headers: { Cookie: user.cookie } } },
    vertxbus_ping_interval: 1000,
    ...options,
  });
  eb.received = [];
  eb.errors = [];
  eb.closes = 0;
  eb.waiters = [];
  const notify = () => { eb.waiters = eb.waiters.filter((w) => !w()); };
  eb.onerror = (err) => {
    eb.errors.push(err);
    notify();
  };
  eb.onclose = () => { eb.closes += 1; };
  eb.handle = (err, msg) => {
    if (err) {
      eb.onerror(err);
      return;
    }
    // What every handler of the stock client does: read the body. A frame without one would throw here.
    eb.received.push({ action: msg.body.action, listId: msg.body.listId, address: msg.address });
    notify();
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${transports} connection`)), 10_000);
    eb.onopen = () => {
      clearTimeout(timer);
      resolve(eb);
    };
  });
}

function until(eb, predicate, what, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      eb.waiters = eb.waiters.filter((w) => w !== check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = () => {
      if (!predicate()) return false;
      clearTimeout(timer);
      resolve();
      return true;
    };
    if (!check()) eb.waiters.push(check);
  });
}

/** Creates a list and waits for its push. The stock client cannot know when its register has reached the server (XHR
 * transports send it ~25 ms later, batched), so right after a register `settle` creates lists until one arrives. */
async function receives(eb, user, name, { settle = false } = {}) {
  for (let attempt = 0; ; attempt++) {
    const listId = await createList(user, `${name} ${attempt}`);
    try {
      await until(eb, () => eb.received.some((m) => m.listId === listId), `the push of ${name}`, settle ? 1000 : 15_000);
    } catch (e) {
      if (settle && attempt < 10) continue;
      throw e;
    }
    assert.deepEqual(eb.received.find((m) => m.listId === listId),
      { action: 'list-create', listId, address: `user.${user.userId}` });
    return;
  }
}

for (const transport of ['websocket', 'xhr-streaming', 'xhr-polling']) {
  test(`registers and receives over ${transport}, and the register frame gets no answer the client cannot read`, async () => {
    const ana = await signup('ana');
    const eb = await connect(ana, [transport]);
    try {
      eb.registerHandler(`user.${ana.userId}`, eb.handle);
      await receives(eb, ana, `${transport} first`, { settle: true });
      for (let i = 0; i < 3; i++) await receives(eb, ana, `${transport} ${i}`);
      assert.ok(eb.received.length >= 4);
      assert.deepEqual(eb.errors, []);
      assert.equal(eb.closes, 0, 'the session was never dropped');
      if (transport !== 'websocket') {
        const receiving = answers.filter((a) => /\/xhr(_streaming)?$/.test(a.path));
        assert.ok(receiving.length > 0);
        assert.deepEqual(receiving.filter((a) => a.connection !== 'close'), [], 'every answer that ends its connection says so');
      }
    } finally {
      eb.close();
    }
  });
}

test('a foreign address is refused with an err frame that reaches onerror; nothing of it arrives', async () => {
  const ana = await signup('ana');
  const bob = await signup('bob');
  const eb = await connect(ana, ['websocket']);
  try {
    const foreign = [];
    eb.registerHandler(`user.${bob.userId}`, (err, msg) => foreign.push(err || msg));
    await until(eb, () => eb.errors.length > 0, 'the refusal');
    assert.deepEqual(eb.errors, [{ type: 'err', body: 'access_denied' }]);
    eb.registerHandler(`user.${ana.userId}`, eb.handle);
    await createList(bob, "bob's");
    await receives(eb, ana, 'after the refusal', { settle: true });
    assert.deepEqual(foreign, []);
  } finally {
    eb.close();
  }
});

test('with enableReconnect(true) the client reconnects after the server closes it, registers again and receives', async () => {
  const ana = await signup('ana');
  // One ping, then none: the node (ping timeout 3 s) closes the socket, as it closes any socket that goes quiet.
  const eb = await connect(ana, ['websocket'], { vertxbus_ping_interval: 600_000, vertxbus_reconnect_delay_max: 1000 });
  try {
    eb.enableReconnect(true);
    eb.onclose = () => {
      eb.closes += 1;
      eb.pingInterval = 1000;
    };
    const reconnected = new Promise((resolve) => {
      eb.onreconnect = () => {
        eb.registerHandler(`user.${ana.userId}`, eb.handle);
        resolve();
      };
    });
    eb.registerHandler(`user.${ana.userId}`, eb.handle);
    await receives(eb, ana, 'before', { settle: true });
    await reconnected;
    await receives(eb, ana, 'after', { settle: true });
    assert.equal(eb.closes, 1);
    assert.deepEqual(eb.errors, []);
  } finally {
    eb.close();
  }
});
