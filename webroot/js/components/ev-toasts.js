import { emit, h } from '../dom.js';

const LIFE_MS = { warning: 7000, info: 5000, success: 4000 };
const SHARE_OF_SCREEN = 0.15;

/**
 * Toasts, in the page's own row under the content, so they cover nothing — and never more than ~15 % of the screen:
 * the newest that fit are shown, the rest wait behind "+N more" (which opens them in a box of the same height that
 * scrolls). Two sources:
 *
 *  - `state = {notices, names}`: what the page says about the user's own changes (logic/notices.js) — refusals and
 *    failures with Retry, the Undo of the latest change. Drawn from the commands, so each goes when its cause does.
 *    Actions fire `ev-notice` {key, action: 'retry'|'undo'|'dismiss'}.
 *  - `ev-toast` {text, kind, group?, many?, listId?} on the document: news (others' changes, grouped as "ben made {n}
 *    changes in {list}"), passing by themselves; an error stays until dismissed. `{list}` in a text is the list
 *    `listId` by its current name, so a rename shows in a toast already up. `quiet` is only read out.
 *
 * Errors are announced assertively (role=alert), the rest politely.
 */
class EvToasts extends HTMLElement {
  connectedCallback() {
    if (this.polite) return;
    this.urgent = h('div', { class: 'toast-stack', role: 'alert', 'aria-live': 'assertive', 'aria-label': 'Errors' });
    this.polite = h('div', { class: 'toast-stack', role: 'status', 'aria-live': 'polite', 'aria-label': 'Messages' });
    this.quiet = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.more = h('button', { type: 'button', class: 'link more-toasts', hidden: true, 'aria-expanded': 'false',
      onclick: () => this.expand(!this.expanded) });
    this.clear = h('button', { type: 'button', class: 'link clear-errors', text: 'Dismiss all errors', hidden: true,
      onclick: () => this.dismissAll() });
    this.box = h('div', { class: 'toast-box' }, this.urgent, this.polite);
    this.append(h('div', { class: 'toast-bar' }, this.more, this.clear), this.box, this.quiet);
    this.names = {};
    this.notices = [];
    document.addEventListener('ev-toast', (e) => this.show(e.detail));
    this.addEventListener('keydown', (e) => {
      const toast = e.target.closest?.('.toast');
      if (e.key === 'Escape' && toast) this.dismiss(toast);
    });
    window.addEventListener('resize', () => this.fit());
  }

  set state({ notices = [], names = {} }) {
    // A list that went keeps its last name, for the toasts that tell why it went.
    this.names = { ...this.names, ...names };
    const keys = new Set(notices.map((n) => n.key));
    for (const el of this.querySelectorAll('.toast[data-notice]')) if (!keys.has(el.dataset.notice)) el.remove();
    for (const notice of notices) {
      let el = this.querySelector(`.toast[data-notice="${CSS.escape(notice.key)}"]`);
      if (!el) {
        el = this.toast(notice.kind, [...notice.actions.map((action) => this.action(notice, action)), this.closer(notice)]);
        el.dataset.notice = notice.key;
        (notice.kind === 'error' ? this.urgent : this.polite).append(el);
      }
      el.source = notice;
    }
    // A notice that times out (Undo) goes by itself: the page is drawn again then.
    clearTimeout(this.expiry);
    const until = Math.min(...notices.map((n) => n.until ?? Infinity));
    if (until < Infinity) this.expiry = setTimeout(() => emit(this, 'ev-render'), Math.max(0, until - Date.now()) + 20);
    this.words();
    this.fit();
  }

  action(notice, action) {
    const label = { retry: 'Retry', undo: 'Undo' }[action];
    return h('button', { type: 'button', class: `link toast-${action}`, text: label,
      onclick: () => emit(this, 'ev-notice', { key: notice.key, action }) });
  }

  closer(notice) {
    return h('button', { type: 'button', class: 'link toast-close', 'aria-label': 'Dismiss', text: '×',
      onclick: () => emit(this, 'ev-notice', { key: notice.key, action: 'dismiss' }) });
  }

  toast(kind, buttons) {
    const words = h('span', { class: 'toast-words' });
    const el = h('div', { class: `toast toast-${kind}` }, words, h('span', { class: 'toast-actions' }, buttons));
    el.words = words;
    return el;
  }

  /** A text with `'{list}'` in it, by the list's current name (or its last known; "a list" when none is). */
  text({ text, listId, name }) {
    if (!text.includes('{list}')) return text;
    const now = (listId && this.names[listId]) || name;
    return text.replaceAll("'{list}'", now ? `'${now}'` : 'a list').replaceAll('{list}', now || 'a list');
  }

  words() {
    for (const el of this.querySelectorAll('.toast')) {
      const text = this.text(el.source);
      if (el.words.textContent !== text) el.words.textContent = text;
      el.querySelector('.toast-close')?.setAttribute('aria-label', `Dismiss: ${text}`);
    }
  }

  show({ text, kind = 'info', group, many, listId, name }) {
    if (kind === 'quiet') {
      this.quiet.textContent = text;
      return;
    }
    const same = group ? [...this.polite.children].find((t) => t.dataset.group === group) : null;
    if (same) {
      same.count += 1;
      same.source = { text: many ? many.replace('{n}', same.count) : text, listId, name };
      if (kind === 'warning') same.className = 'toast toast-warning';
      this.polite.append(same);
      this.expire(same, kind);
    } else {
      const toast = this.toast(kind, []);
      toast.querySelector('.toast-actions').append(h('button', { type: 'button', class: 'link toast-close', text: '×',
        onclick: () => this.dismiss(toast) }));
      Object.assign(toast, { count: 1, source: { text, listId, name } });
      if (group) toast.dataset.group = group;
      if (kind === 'error') {
        this.urgent.append(toast);
      } else {
        this.polite.append(toast);
        this.expire(toast, kind);
      }
    }
    this.words();
    this.fit();
  }

  /** (Re)starts the life of a passing toast; it waits while someone reads it. */
  expire(toast, kind) {
    clearTimeout(toast.timer);
    const end = () => {
      if (toast.contains(document.activeElement) || toast.matches(':hover')) toast.timer = setTimeout(end, 1000);
      else {
        toast.remove();
        this.fit();
      }
    };
    toast.timer = setTimeout(end, LIFE_MS[kind] ?? 5000);
  }

  dismiss(toast) {
    if (toast.dataset.notice) {
      emit(this, 'ev-notice', { key: toast.dataset.notice, action: 'dismiss' });
      return;
    }
    const hadFocus = toast.contains(document.activeElement);
    clearTimeout(toast.timer);
    toast.remove();
    this.fit();
    if (hadFocus) (this.querySelector('.toast:not([hidden]) button') ?? document.querySelector('#main'))?.focus?.();
  }

  dismissAll() {
    for (const t of [...this.urgent.children]) {
      if (t.dataset.notice) emit(this, 'ev-notice', { key: t.dataset.notice, action: 'dismiss' });
      else t.remove();
    }
    this.fit();
    document.querySelector('#main')?.focus?.();
  }

  expand(open) {
    this.expanded = open;
    this.fit();
  }

  /**
   * Shows the newest toasts that fit in the share of the screen, errors first; the others are behind "+N more".
   * Opened, all of them are in a box that scrolls, no taller.
   */
  fit() {
    // Measured once a frame at most: a hundred events from others are one layout, not a hundred forced ones.
    if (!this.fitting) this.fitting = requestAnimationFrame(() => this.fitNow());
  }

  fitNow() {
    this.fitting = null;
    const all = [...this.urgent.children].reverse().concat([...this.polite.children].reverse());
    const cap = window.innerHeight * SHARE_OF_SCREEN;
    this.box.style.maxHeight = `${Math.floor(cap)}px`;
    this.classList.toggle('has-toasts', all.length > 0);
    this.clear.hidden = this.urgent.children.length < 2;
    all.forEach((t) => { t.hidden = false; });
    if (all.length < 2) this.expanded = false;
    let hidden = 0;
    if (!this.expanded) {
      const bar = 32;
      let used = 0;
      for (const [i, t] of all.entries()) {
        used += t.getBoundingClientRect().height + 6;
        if (i > 0 && used + bar > cap) {
          t.hidden = true;
          hidden += 1;
        }
      }
    }
    this.more.hidden = !hidden && !this.expanded;
    this.more.textContent = this.expanded ? 'Show fewer' : `+${hidden} more`;
    this.more.setAttribute('aria-expanded', String(!!this.expanded));
  }
}
customElements.define('ev-toasts', EvToasts);
