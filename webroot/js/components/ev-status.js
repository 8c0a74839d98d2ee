import { h } from '../dom.js';

/** The connection indicator: browser network, live updates (SockJS) and the HTTP circuit breaker. */
class EvStatus extends HTMLElement {
  connectedCallback() {
    if (this.line) return;
    this.line = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite', id: 'connection' });
    this.append(this.line);
  }

  set state({ online, bus, breaker, queued }) {
    const parts = [];
    let level = 'ok';
    if (!online) {
      parts.push('Offline — showing what was last loaded; changes wait in the outbox');
      level = 'bad';
    } else if (breaker !== 'closed') {
      parts.push(breaker === 'open' ? 'Server unreachable — paused, retrying' : 'Server unreachable — probing');
      level = 'bad';
    }
    const live = { open: 'Live', connecting: 'Connecting…', closed: 'Live updates down — reconnecting' }[bus] ?? bus;
    if (online) parts.push(live);
    if (bus !== 'open' && level === 'ok') level = 'warn';
    if (queued) parts.push(`${queued} waiting to send`);
    this.line.className = `status-line status-${level}`;
    this.line.dataset.bus = bus;
    this.line.dataset.online = String(online);
    this.line.dataset.breaker = breaker;
    // A live region: only rewrite it when the words change, or a screen reader repeats them on every render.
    const text = parts.join(' · ');
    if (this.text !== text) {
      this.text = text;
      this.line.replaceChildren(h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
    }
  }
}
customElements.define('ev-status', EvStatus);
