/** Tiny DOM helpers for the components: build elements, fire CustomEvents, reuse rows by key. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof el[k] !== 'function' && !k.startsWith('aria') && !k.startsWith('data')) el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function emit(el, name, detail) {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** A command from any component: the app turns it into a Sync submission. */
export function command(el, kind, args) {
  emit(el, 'ev-command', { kind, args });
}

/** Updates `container` to hold one child per item, reusing children with the same key (keeps focus). */
export function keyed(container, items, keyOf, create, update) {
  const existing = new Map([...container.children].map((c) => [c.dataset.key, c]));
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    const want = previous ? previous.nextSibling : container.firstChild;
    if (want !== el) container.insertBefore(el, want);
    previous = el;
  }
  existing.forEach((el) => el.remove());
}

export const STATUS_WORDS = {
  queued: 'queued (offline)', sending: 'sending…', accepted: 'accepted', confirmed: 'confirmed',
  rejected: 'rejected', failed: 'failed',
};

export function badge(status) {
  return status ? h('span', { class: `badge badge-${status}`, text: STATUS_WORDS[status] ?? status }) : null;
}

/** replaceChildren that skips null/false/'' children, so optional parts can be written inline. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c != null && c !== false && c !== ''));
}
