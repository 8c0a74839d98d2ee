import { h } from '../dom.js';

/**
 * Who else is looking at this list. The server has no presence messages yet; once one arrives
 * (`action: "presence"`), the members it names show as online here.
 */
class EvPresence extends HTMLElement {
  connectedCallback() {
    if (this.line) return;
    this.line = h('p', { class: 'presence muted', 'aria-live': 'polite' });
    this.append(this.line);
  }

  set state({ members, online, me }) {
    if (!online) {
      this.line.textContent = '';
      this.hidden = true;
      return;
    }
    this.hidden = false;
    const others = members.filter((m) => m.userId !== me.userId && online.has(m.userId));
    this.line.replaceChildren(others.length
      ? h('span', {}, 'Also here: ', ...others.map((m) => h('span', { class: 'online', text: m.username })))
      : 'Nobody else is looking at this list right now.');
  }
}
customElements.define('ev-presence', EvPresence);
