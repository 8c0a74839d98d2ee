import { h } from '../dom.js';

/**
 * Who else is looking at this list, from the server's `presence` messages: the members it names show as here.
 * A polite live region, rewritten only when the words change.
 */
class EvPresence extends HTMLElement {
  connectedCallback() {
    if (this.line) return;
    this.line = h('p', { class: 'presence muted', 'aria-live': 'polite' });
    this.append(this.line);
  }

  set state({ members, online, me }) {
    if (!online) {
      if (this.words !== '') this.line.textContent = '';
      this.words = '';
      this.hidden = true;
      return;
    }
    this.hidden = false;
    const others = members.filter((m) => m.userId !== me.userId && online.has(m.userId));
    const words = others.map((m) => m.username).join(',');
    if (this.words === words) return;
    this.words = words;
    this.line.replaceChildren(others.length
      ? h('span', {}, 'Also here: ', ...others.map((m) => h('span', { class: 'online', text: m.username })))
      : 'Nobody else is looking at this list right now.');
  }
}
customElements.define('ev-presence', EvPresence);
