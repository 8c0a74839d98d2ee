import { badge, emit, h, net } from '../dom.js';
import { phaseWords } from '../logic/change.js';
import { describe, serverHops, timings } from '../logic/commands.js';

const two = (n, width = 2) => String(n).padStart(width, '0');
const clock = (t) => {
  if (t == null) return '—';
  const d = new Date(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${two(d.getMilliseconds(), 3)}`;
};
const ms = (n) => (n == null ? '…' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`);

/**
 * A saga's steps, on a row of their own under the command that opened it, each with the time it was heard; a
 * refusal and a rollback stand out.
 */
const steps = (c) => h('tr', { class: 'steps-row', 'data-steps-of': c.commandId }, h('td', { colSpan: 4 },
  h('ol', { class: 'steps', 'aria-label': `Steps of: ${describe(c)}` }, c.steps.map((s) => h('li', {
    class: `step ${s.undo ? 'step-undo' : `step-${s.status}`}`, 'data-step': s.n,
    text: `${s.n} · ${clock(s.at)} · ${s.words}` })))));

/**
 * The server's hops of a command under the page's own bars, on their scale: one segment per hop (queued, decided,
 * appended, folded, pushed), from the moment the server accepted it; and the same in words, with its trace id.
 */
const hopsOf = (c, scale) => {
  const hops = serverHops(c);
  if (!hops.length) return { bar: null, words: null };
  const width = (n) => `${Math.max(0.5, (100 * n) / scale)}%`;
  const bar = h('span', { class: 'hops', title: `server hops · trace ${c.server.traceId ?? '—'}`,
    style: `margin-left: ${(100 * hops[0].from) / scale}%` },
  hops.map((x) => h('span', { class: `hop hop-${x.name}`, 'data-hop': x.name, title: `${x.name} ${ms(x.ms)}`, style: `width: ${width(x.ms)}` })));
  const words = h('small', { class: 'hop-words', 'data-trace': c.server.traceId ?? '',
    text: `server: ${hops.map((x) => `${x.name} ${ms(x.ms)}`).join(' · ')}` });
  return { bar, words };
};

/**
 * Per command: when it was sent (hh:mm:ss.mmm) and a small waterfall from that moment — the upper bar to the HTTP
 * 202, the lower one to its event (still growing while it is on its way) — on one scale for all rows, so the gap
 * between "accepted" and "confirmed" is seen, not read; once it is done (and the timeline open), the server's own
 * hops under them. Then the HTTP tries. A move shows each of its steps.
 */
class EvTimeline extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.body = h('tbody');
    this.addEventListener('toggle', () => {
      this.shown = null;
      emit(this, 'ev-render');
    }, true);
    this.append(h('details', { class: 'timeline' }, h('summary', { text: 'Command timeline' }),
      h('div', { class: 'scroll' }, h('table', {}, h('caption', { class: 'visually-hidden', text: 'Recent commands' }),
        h('thead', {}, h('tr', {}, ...[['Command'], ['Sent', 'hh:mm:ss.mmm'], ['202 / event', 'from sending: the HTTP 202, then the event'],
          ['Tries', 'HTTP attempts']].map(([t, title]) => h('th', { scope: 'col', text: t, title })))), this.body))));
  }

  set state({ commands, now = Date.now() }) {
    // Closed, it changes only with the commands; open, its running bars grow with the time too.
    const open = this.querySelector('details').open;
    if (!open && commands === this.shown) return;
    this.shown = commands;
    const shown = [...commands].reverse().slice(0, 30).map((c) => ({ c, t: timings(c),
      live: c.t.sent != null && c.t.done == null ? now - c.t.sent : null }));
    const scale = Math.max(50, ...shown.map(({ t, live }) => Math.max(t.toAccepted ?? 0, t.toDone ?? live ?? 0)));
    const bar = (cls, value, title) => h('span', { class: cls, title,
      style: `width: ${value == null ? 0 : Math.max(2, (100 * value) / scale)}%` });
    this.body.replaceChildren(...shown.flatMap(({ c, t, live, hops = hopsOf(c, scale) }) => [h('tr', { 'data-command': c.commandId },
      h('td', { title: `${c.mode} mode` }, describe(c), h('br'), badge(c.status, phaseWords(c, { online: net.online }))),
      h('td', { class: 'sent', text: clock(c.t.sent), title: c.t.sent ? new Date(c.t.sent).toISOString() : 'not sent yet' }),
      h('td', { class: 'flow' }, c.t.sent == null ? h('small', { text: t.waited == null ? 'waiting' : '' }) : [
        h('span', { class: 'waterfall', 'aria-hidden': 'true' }, bar('to-accepted', t.toAccepted, 'sent → 202'),
          bar(`to-outcome${t.toDone == null ? ' running' : ''}`, t.toDone ?? live, 'sent → event'), hops.bar),
        h('small', { text: `202 ${ms(t.toAccepted)} · event ${ms(t.toDone)}${t.waited > 50 ? ` · waited ${ms(t.waited)}` : ''}` }),
        hops.words].filter(Boolean)),
      h('td', { text: c.tries ?? (c.attempts ? 1 : 0) })), c.steps?.length ? steps(c) : null].filter(Boolean)));
  }
}
customElements.define('ev-timeline', EvTimeline);
