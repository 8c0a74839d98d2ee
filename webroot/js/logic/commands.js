/** Command records: what the user asked for, how it travels (method, path, body) and where it is now. */
export const STATUSES = ['queued', 'sending', 'accepted', 'confirmed', 'rejected', 'failed'];
const RANK = { queued: 0, sending: 1, accepted: 2, confirmed: 3, rejected: 3, failed: 3 };
export const isFinal = (status) => RANK[status] === 3;

export function uuid(cryptoObj = globalThis.crypto) {
  if (typeof cryptoObj.randomUUID === 'function') return cryptoObj.randomUUID();
  const b = cryptoObj.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const enc = encodeURIComponent;
const ROUTES = {
  'list-create': (a) => ['POST', '/api/lists', { name: a.name }],
  'list-rename': (a) => ['PATCH', `/api/lists/${enc(a.listId)}`, withVersion({ name: a.name }, a)],
  'list-delete': (a) => ['DELETE', `/api/lists/${enc(a.listId)}`, null],
  'member-add': (a) => ['POST', `/api/lists/${enc(a.listId)}/members`, { username: a.username }],
  'member-remove': (a) => ['DELETE', `/api/lists/${enc(a.listId)}/members/${enc(a.userId)}`, null],
  'todo-add': (a) => ['POST', `/api/lists/${enc(a.listId)}/todos`, { text: a.text }],
  'todo-update': (a) => ['PATCH', `/api/lists/${enc(a.listId)}/todos/${enc(a.todoId)}`,
    withVersion(pick(a, ['text', 'completed']), a)],
  'todo-delete': (a) => ['DELETE', `/api/lists/${enc(a.listId)}/todos/${enc(a.todoId)}`, null],
};
export const KINDS = Object.keys(ROUTES);

function pick(o, keys) {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

function withVersion(body, a) {
  return a.expectedVersion == null ? body : { ...body, expectedVersion: a.expectedVersion };
}

export function makeCommand(kind, args, { mode = 'safe', now = Date.now(), commandId = uuid() } = {}) {
  const route = ROUTES[kind];
  if (!route) throw new Error(`unknown command kind ${kind}`);
  const [method, path, body] = route(args);
  return {
    commandId, kind, mode, args: { ...args }, listId: args.listId ?? null, todoId: args.todoId ?? null,
    request: { method, path, body }, status: 'queued', attempts: 0, t: { created: now },
  };
}

/** Moves a command forward; a status never goes back (the event may beat the HTTP answer). */
export function advance(cmd, status, patch = {}, now = Date.now()) {
  const t = { ...cmd.t };
  if (status === 'sending' && t.sent == null) t.sent = now;
  if (status === 'accepted' && t.accepted == null) t.accepted = now;
  if (isFinal(status) && t.done == null) t.done = now;
  const forward = RANK[status] > RANK[cmd.status];
  return { ...cmd, ...patch, t, status: forward ? status : cmd.status };
}

export function describe(cmd) {
  const a = cmd.args;
  switch (cmd.kind) {
    case 'list-create': return `create list '${a.name}'`;
    case 'list-rename': return `rename list to '${a.name}'`;
    case 'list-delete': return `delete list '${a.name ?? ''}'`;
    case 'member-add': return `share with ${a.username}`;
    case 'member-remove': return `remove ${a.username ?? 'member'}`;
    case 'todo-add': return `add '${a.text}'`;
    case 'todo-update':
      if (a.text !== undefined) return `edit '${a.previousText ?? ''}' → '${a.text}'`;
      return `${a.completed ? 'tick' : 'untick'} '${a.previousText ?? ''}'`;
    case 'todo-delete': return `delete '${a.previousText ?? ''}'`;
    default: return cmd.kind;
  }
}

/**
 * Milliseconds for the timeline: waiting in the outbox, then from sending to the HTTP 202 and from sending to
 * the outcome (its event). The event can beat the 202, so both are measured from sending.
 */
export function timings(cmd) {
  const { created, sent, accepted, done } = cmd.t;
  const gap = (from, to) => (from != null && to != null ? to - from : null);
  return { waited: gap(created, sent), toAccepted: gap(sent, accepted), toDone: gap(sent, done) };
}
