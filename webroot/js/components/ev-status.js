import { h } from '../dom.js';
import { connectionWords } from '../logic/outage.js';

/**
 * The connection indicator: the one state of the connection (logic/outage.js: offline, the server unreachable, live
 * updates down, …) and what waits to be sent. One line; the whole sentence is in its title when a phone cuts it short.
 */
class EvStatus extends HTMLElement {
  connectedCallback() {
    if (this.line) return;
    this.line = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite', id: 'connection' });
    this.append(this.line);
  }

  set state({ conn, queued, online, bus, breaker, transport = '' }) {
    const { text, level } = connectionWords(conn, queued, transport);
    this.line.className = `status-line status-${level}`;
    Object.assign(this.line.dataset, { bus, online: String(online), breaker, state: conn.state, transport });
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
