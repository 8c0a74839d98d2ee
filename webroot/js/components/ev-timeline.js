import { badge, h } from '../dom.js';
import { describe, timings } from '../logic/commands.js';

const clock = (t) => (t == null ? '—' : `${new Date(t).toTimeString().slice(3, 8)}.${String(t % 1000).padStart(3, '0')}`);
const gap = (at, ms) => (at == null ? '—' : `+${ms ?? 0} ms`);

/** Per command: when it was sent, how long until the HTTP 202, how long until its event, and the HTTP tries. */
class EvTimeline extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.body = h('tbody');
    this.append(h('details', { class: 'timeline' }, h('summary', { text: 'Command timeline' }),
      h('div', { class: 'scroll' }, h('table', {}, h('caption', { class: 'visually-hidden', text: 'Recent commands' }),
        h('thead', {}, h('tr', {}, ...[['Command'], ['Sent', 'mm:ss.ms'], ['Accepted', 'HTTP 202, after sending'],
          ['Outcome', 'event, after sending'], ['Tries', 'HTTP attempts']]
          .map(([t, title]) => h('th', { scope: 'col', text: t, title })))), this.body))));
  }

  set state({ commands }) {
    const rows = [...commands].reverse().slice(0, 30).map((c) => {
      const t = timings(c);
      return h('tr', { 'data-command': c.commandId },
        h('td', { title: `${c.mode} mode` }, describe(c), h('br'), badge(c.status)),
        h('td', { text: clock(c.t.sent), title: c.t.sent ? new Date(c.t.sent).toISOString() : '' }),
        h('td', { text: gap(c.t.accepted, t.toAccepted) }),
        h('td', { text: gap(c.t.done, t.toDone) }),
        h('td', { text: c.tries ?? (c.attempts ? 1 : 0) }));
    });
    this.body.replaceChildren(...rows);
  }
}
customElements.define('ev-timeline', EvTimeline);
