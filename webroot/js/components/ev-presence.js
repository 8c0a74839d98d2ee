import { h } from '../dom.js';

/**
 * Who else is looking at this list, from the server's `presence` messages: the members it names show as here.
 * Offline, or while live updates are down, the page cannot know and says so instead of showing the last it heard.
 * A polite live region, rewritten only when the words change.
 */
class EvPresence extends HTMLElement {
  connectedCallback() {
    if (this.line) return;
    this.line = h('p', { class: 'presence muted', 'aria-live': 'polite' });
    this.append(this.line);
  }

  set state({ members, online, me, reason }) {
    let words;
    let others = [];
    if (reason) words = reason;
    else if (!online) words = '';
    else {
      others = members.filter((m) => m.userId !== me.userId && online.has(m.userId));
      words = others.length ? `Also here: ${others.map((m) => m.username).join(', ')}` : 'Nobody else is looking at this list right now.';
    }
    this.hidden = !words;
    if (this.words === words) return;
    this.words = words;
    this.line.replaceChildren(others.length
      ? h('span', {}, 'Also here: ', ...others.flatMap((m, i) => [i ? ', ' : '', h('span', { class: 'online', text: m.username })]))
      : words);
  }
}
customElements.define('ev-presence', EvPresence);
