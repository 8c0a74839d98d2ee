import { h } from '../dom.js';

const LIFE_MS = { warning: 7000, info: 5000, success: 4000 };
const KEEP_PASSING = 3;

/**
 * Toasts: listens for `ev-toast` {text, kind, group?, many?} on the document. Errors are announced assertively
 * (role=alert) and stay until dismissed, however many other toasts come; the rest are polite, at most three at a
 * time, and go by themselves (not while focused or pointed at). A toast with a `group` already showing is counted
 * instead of repeated (`many`: "ben made {n} changes in 'Groceries'"). `quiet` is only read out, never shown.
 * The component sits in the page's own row below the content, so it covers nothing.
 */
class EvToasts extends HTMLElement {
  connectedCallback() {
    if (this.polite) return;
    this.urgent = h('div', { class: 'toast-stack', role: 'alert', 'aria-live': 'assertive', 'aria-label': 'Errors' });
    this.polite = h('div', { class: 'toast-stack', role: 'status', 'aria-live': 'polite', 'aria-label': 'Messages' });
    this.quiet = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.clear = h('button', { type: 'button', class: 'link clear-errors', text: 'Dismiss all errors', hidden: true,
      onclick: () => this.dismissAll() });
    this.append(this.clear, this.urgent, this.polite, this.quiet);
    document.addEventListener('ev-toast', (e) => this.show(e.detail));
    this.addEventListener('keydown', (e) => {
      const toast = e.target.closest?.('.toast');
      if (e.key === 'Escape' && toast) this.dismiss(toast);
    });
  }

  show({ text, kind = 'info', group, many }) {
    if (kind === 'quiet') {
      this.quiet.textContent = text;
      return;
    }
    const same = group ? [...this.polite.children].find((t) => t.dataset.group === group) : null;
    if (same) {
      same.count += 1;
      same.words.textContent = many ? many.replace('{n}', same.count) : text;
      if (kind === 'warning') same.className = 'toast toast-warning';
      this.expire(same, kind);
      return;
    }
    const words = h('span', { text });
    const toast = h('div', { class: `toast toast-${kind}` }, words,
      h('button', { type: 'button', class: 'link', 'aria-label': `Dismiss: ${text}`, text: '×', onclick: () => this.dismiss(toast) }));
    Object.assign(toast, { words, count: 1 });
    if (group) toast.dataset.group = group;
    if (kind === 'error') {
      this.urgent.append(toast);
    } else {
      this.polite.append(toast);
      while (this.polite.children.length > KEEP_PASSING) this.polite.firstElementChild.remove();
      this.expire(toast, kind);
    }
    this.clear.hidden = this.urgent.children.length < 2;
  }

  /** (Re)starts the life of a passing toast; it waits while someone reads it. */
  expire(toast, kind) {
    clearTimeout(toast.timer);
    const end = () => {
      if (toast.contains(document.activeElement) || toast.matches(':hover')) toast.timer = setTimeout(end, 1000);
      else toast.remove();
    };
    toast.timer = setTimeout(end, LIFE_MS[kind] ?? 5000);
  }

  dismiss(toast) {
    const hadFocus = toast.contains(document.activeElement);
    clearTimeout(toast.timer);
    toast.remove();
    this.clear.hidden = this.urgent.children.length < 2;
    if (hadFocus) (this.querySelector('.toast button') ?? document.querySelector('#main'))?.focus?.();
  }

  dismissAll() {
    [...this.urgent.children].forEach((t) => t.remove());
    this.clear.hidden = true;
    document.querySelector('#main')?.focus?.();
  }
}
customElements.define('ev-toasts', EvToasts);
