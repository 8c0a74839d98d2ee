import { h } from '../dom.js';

/**
 * The connection indicator: one state at a time, the most limiting first — offline, then the server unreachable
 * (the HTTP circuit breaker), then live updates (SockJS, only once someone is signed in) — and what waits to be sent.
 * One line; the whole sentence is in its title when a phone cuts it short.
 */
class EvStatus extends HTMLElement {
  connectedCallback() {
    if (this.line) return;
    this.line = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite', id: 'connection' });
    this.append(this.line);
  }

  set state({ signedIn = true, online, bus, breaker, queued }) {
    let words = '';
    let level = 'ok';
    if (!online) {
      words = 'Offline — showing what was last loaded';
      level = 'bad';
    } else if (breaker !== 'closed') {
      words = breaker === 'open' ? 'Server unreachable — paused, retrying' : 'Server unreachable — probing';
      level = 'bad';
    } else if (signedIn) {
      words = { open: 'Live', connecting: 'Connecting…', closed: 'Live updates down — reconnecting' }[bus] ?? bus;
      if (bus !== 'open') level = 'warn';
    }
    const waiting = queued ? `${queued} waiting to send` : '';
    const text = [online ? words : 'Offline', waiting, online ? '' : words.replace('Offline — ', '')]
      .filter(Boolean).join(' · ');
    this.line.className = `status-line status-${level}`;
    this.line.dataset.bus = bus;
    this.line.dataset.online = String(online);
    this.line.dataset.breaker = breaker;
    this.line.hidden = !text;
    // A live region: only rewrite it when the words change, or a screen reader repeats them on every render.
    if (this.text !== text) {
      this.text = text;
      this.line.title = text;
      this.line.replaceChildren(h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'words', text }));
    }
  }
}
customElements.define('ev-status', EvStatus);
