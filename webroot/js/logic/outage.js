/**
 * The connection as the page states it: one state at a time, the most limiting first, and held while its cause lasts.
 *
 *   offline       the browser is offline
 *   unreachable   the server does not take commands: the breaker opened, and since then no command went through
 *   connecting    signed in, live updates not up yet            reconnecting   they were up, and are down now
 *   live          signed in, all well                           idle           not signed in, all well
 *
 * An outage ends when a command goes through again — or, with nothing waiting to send, when the breaker is closed and
 * live updates are up — not when a health probe answers while commands still fail: that made the words, the banner
 * and the disabled controls come and go every few seconds while the server stayed down. Between connecting and
 * closed, a socket that keeps trying is one state too ("reconnecting").
 */
export function connection(prev, { online, signedIn, breaker, bus, waiting = 0, servedAt = 0 }, now = Date.now()) {
  const stay = (state, extra = {}) => ({ ...extra, state, since: prev?.state === state ? prev.since : now,
    wasLive: state === 'live' || (!!prev?.wasLive && signedIn) });
  if (!online) return stay('offline');
  if (breaker !== 'closed') return stay('unreachable');
  if (prev?.state === 'unreachable' && servedAt <= prev.since && (waiting > 0 || (signedIn && bus !== 'open'))) {
    return stay('unreachable');
  }
  if (!signedIn) return stay('idle');
  if (bus === 'open') return stay('live');
  return stay(prev?.wasLive ? 'reconnecting' : 'connecting');
}

/** Whether what needs the server now (sharing, deleting a list, removing a member) can work. */
export const reachable = (conn) => conn.state !== 'offline' && conn.state !== 'unreachable';

const TRANSPORTS = { websocket: 'WebSocket', 'xhr-streaming': 'XHR streaming', 'xhr-polling': 'XHR polling', sse: 'Server-Sent Events' };

const WORDS = {
  offline: ['Offline — showing what was last loaded', 'bad'],
  unreachable: ['Server unreachable — changes wait and go out when it answers', 'bad'],
  connecting: ['Connecting…', 'warn'],
  reconnecting: ['Live updates down — reconnecting', 'warn'],
  live: ['Live', 'ok'],
  idle: ['', 'ok'],
};

/** The status line: its words ("· 3 waiting to send" when changes wait) and its level (ok, warn, bad). */
export function connectionWords(conn, queued = 0, transport = '') {
  const [said, level] = WORDS[conn.state];
  // Live says over what: the socket (websocket, or SockJS's xhr fallbacks) or Server-Sent Events.
  const words = conn.state === 'live' && transport ? `${said} · ${TRANSPORTS[transport] ?? transport}` : said;
  const waiting = queued ? `${queued} waiting to send` : '';
  if (conn.state === 'offline') return { text: ['Offline', waiting, 'showing what was last loaded'].filter(Boolean).join(' · '), level };
  return { text: [words, waiting].filter(Boolean).join(' · '), level };
}
