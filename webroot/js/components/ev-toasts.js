import { h } from '../dom.js';

/** Toasts: listens for `ev-toast` {text, kind} on the document; errors stay longer and are announced assertively. */
class EvToasts extends HTMLElement {
  connectedCallback() {
    if (this.polite) return;
    this.polite = h('div', { class: 'toast-stack', role: 'status', 'aria-live': 'polite' });
    this.urgent = h('div', { class: 'toast-stack', role: 'alert', 'aria-live': 'assertive' });
    this.append(this.urgent, this.polite);
    document.addEventListener('ev-toast', (e) => this.show(e.detail));
  }

  show({ text, kind = 'info' }) {
    const stack = kind === 'error' ? this.urgent : this.polite;
    const toast = h('div', { class: `toast toast-${kind}` }, h('span', { text }),
      h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', text: '×', onclick: () => toast.remove() }));
    stack.append(toast);
    while (this.querySelectorAll('.toast').length > 4) this.querySelector('.toast').remove();
    setTimeout(() => toast.remove(), { error: 9000, warning: 6000, info: 5000 }[kind] ?? 3500);
  }
}
customElements.define('ev-toasts', EvToasts);
