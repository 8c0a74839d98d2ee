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

/**
 * Updates `container` to hold one child per item, in order, reusing children with the same key. Children that go are
 * removed first and survivors are never moved for a removal, so a row being typed in keeps its node, focus and caret;
 * `keep(el)` may hold on to a child whose item went (it stays where it is). Should a real reorder move the focused
 * element, its focus and selection are put back. At most `budget` new children are made in one call: the items
 * after are left out, and the number left out comes back, so a caller can draw a long list a frame at a time.
 */
export function keyed(container, items, keyOf, create, update, { keep, budget = Infinity } = {}) {
  const focused = document.activeElement;
  const inside = focused && focused !== document.body && container.contains(focused);
  const selection = inside && typeof focused.selectionStart === 'number' ? [focused.selectionStart, focused.selectionEnd] : null;
  const existing = new Map([...container.children].map((c) => [c.key ?? c.dataset.key, c]));
  const wanted = new Set(items.map((item) => String(keyOf(item))));
  const kept = new Set();
  for (const [key, el] of existing) {
    if (wanted.has(key)) continue;
    existing.delete(key);
    if (keep?.(el)) kept.add(el);
    else el.remove();
  }
  let next = container.firstChild;
  let made = 0;
  let left = 0;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (!el) {
      if (made >= budget) {
        left += 1;
        continue;
      }
      made += 1;
      el = create(item);
      el.dataset.key = key;
      el.key = key;
    }
    update(el, item);
    while (next && next !== el && kept.has(next)) next = next.nextSibling;
    if (next === el) next = el.nextSibling;
    else container.insertBefore(el, next);
  }
  if (inside && focused.isConnected && document.activeElement !== focused) {
    focused.focus({ preventScroll: true });
    if (selection) focused.setSelectionRange(...selection);
  }
  return left;
}

/** What the page knows of the network, for the words of a waiting command ("queued (offline)" only when offline). */
export const net = { online: true };

export const STATUS_WORDS = {
  queued: 'waiting to send', sending: 'sending…', accepted: 'accepted', confirmed: 'confirmed',
  rejected: 'rejected', failed: 'failed',
};

export function statusWords(status) {
  if (status === 'queued' && !net.online) return 'queued (offline)';
  return STATUS_WORDS[status] ?? status;
}

/** A status as a small badge; `words` when the phase of a change says more than its status (logic/change.js). */
export function badge(status, words = statusWords(status)) {
  return status ? h('span', { class: `badge badge-${status}`, text: words }) : null;
}

/** replaceChildren that skips null/false/'' children, so optional parts can be written inline. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c != null && c !== false && c !== ''));
}
