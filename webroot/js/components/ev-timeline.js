import { badge, h } from '../dom.js';
import { describe, timings } from '../logic/commands.js';

const clock = (t) => (t == null ? '—' : new Date(t).toLocaleTimeString([], { hour12: false }) + `.${String(t % 1000).padStart(3, '0')}`);
const ms = (v) => (v == null ? '' : ` (+${v} ms)`);

/** Per command: when it was sent, accepted over HTTP, confirmed by its event, and the gaps between. */
class EvTimeline extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.body = h('tbody');
    this.append(h('details', { class: 'timeline' }, h('summary', { text: 'Command timeline' }),
      h('div', { class: 'scroll' }, h('table', {}, h('caption', { class: 'visually-hidden', text: 'Recent commands' }),
        h('thead', {}, h('tr', {}, ...['Command', 'Mode', 'Sent', 'Accepted', 'Outcome', 'Status', 'Tries']
          .map((t) => h('th', { scope: 'col', text: t })))), this.body))));
  }

  set state({ commands }) {
    const rows = [...commands].reverse().slice(0, 30).map((c) => {
      const t = timings(c);
      return h('tr', { 'data-command': c.commandId }, h('td', { text: describe(c) }), h('td', { text: c.mode }),
        h('td', { text: clock(c.t.sent) }), h('td', { text: clock(c.t.accepted) + ms(t.toAccepted) }),
        h('td', { text: clock(c.t.done) + ms(t.toDone) }), h('td', {}, badge(c.status)), h('td', { text: c.tries ?? (c.attempts ? 1 : 0) }));
    });
    this.body.replaceChildren(...rows);
  }
}
customElements.define('ev-timeline', EvTimeline);
