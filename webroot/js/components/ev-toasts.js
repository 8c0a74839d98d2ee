import { h } from '../dom.js';

/**
 * Toasts: listens for `ev-toast` {text, kind} on the document. Two live regions that exist before anything is
 * put in them: errors are announced assertively (role=alert), the rest politely (role=status). A toast stays
 * while it has focus or the pointer; Escape dismisses the focused one.
 */
class EvToasts extends HTMLElement {
  connectedCallback() {
    if (this.polite) return;
    this.polite = h('div', { class: 'toast-stack', role: 'status', 'aria-live': 'polite', 'aria-label': 'Messages' });
    this.urgent = h('div', { class: 'toast-stack', role: 'alert', 'aria-live': 'assertive', 'aria-label': 'Errors' });
    this.append(this.urgent, this.polite);
    document.addEventListener('ev-toast', (e) => this.show(e.detail));
    this.addEventListener('keydown', (e) => {
      const toast = e.target.closest?.('.toast');
      if (e.key === 'Escape' && toast) this.dismiss(toast);
    });
  }

  show({ text, kind = 'info' }) {
    const stack = kind === 'error' ? this.urgent : this.polite;
    const toast = h('div', { class: `toast toast-${kind}` }, h('span', { text }),
      h('button', { type: 'button', class: 'link', 'aria-label': `Dismiss: ${text}`, text: '×',
        onclick: () => this.dismiss(toast) }));
    stack.append(toast);
    while (this.querySelectorAll('.toast').length > 4) this.querySelector('.toast').remove();
    const life = { error: 9000, warning: 6000, info: 5000 }[kind] ?? 3500;
    const expire = () => {
      if (toast.contains(document.activeElement) || toast.matches(':hover')) setTimeout(expire, 1000);
      else toast.remove();
    };
    setTimeout(expire, life);
  }

  dismiss(toast) {
    const hadFocus = toast.contains(document.activeElement);
    toast.remove();
    if (hadFocus) (this.querySelector('.toast button') ?? document.querySelector('#main'))?.focus?.();
  }
}
customElements.define('ev-toasts', EvToasts);
