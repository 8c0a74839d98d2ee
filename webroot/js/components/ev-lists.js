import { badge, command, emit, fill, h, keyed } from '../dom.js';

/** The list picker: the user's lists and a form for a new one. Fires `ev-select` and `ev-command`. */
class EvLists extends HTMLElement {
  connectedCallback() {
    if (this.ul) return;
    this.name = h('input', { id: 'new-list-name', required: true, maxLength: 200, placeholder: 'e.g. Groceries' });
    this.ul = h('ul', { class: 'lists', id: 'lists', 'aria-label': 'Your lists' });
    this.empty = h('p', { class: 'muted', text: 'No lists yet — make one.' });
    this.append(h('h2', { text: 'Lists' }), this.ul, this.empty,
      h('form', { class: 'inline', onsubmit: (e) => this.create(e) },
        h('label', { for: 'new-list-name', text: 'New list' }), this.name,
        h('button', { type: 'submit', id: 'create-list', text: 'Create' })));
  }

  create(e) {
    e.preventDefault();
    const name = this.name.value.trim();
    if (!name) return;
    command(this, 'list-create', { name });
    this.name.value = '';
  }

  set state({ lists, selected }) {
    this.empty.hidden = lists.length > 0;
    keyed(this.ul, lists, (l) => l.listId, () => {
      const button = h('button', { type: 'button', class: 'link' });
      button.addEventListener('click', () => emit(this, 'ev-select', { listId: button.dataset.id }));
      return h('li', {}, button);
    }, (li, l) => {
      const button = li.firstChild;
      button.dataset.id = l.listId;
      button.disabled = l.listId.startsWith('pending-');
      const key = `${l.name}\t${l.pending}\t${l.left}`;
      if (button.key !== key) {
        button.key = key;
        fill(button, h('span', { class: 'list-name', text: l.name }), badge(l.pending),
          l.left == null ? null : h('span', { class: 'count' }, String(l.left), h('span', { class: 'visually-hidden', text: ' left' })));
      }
      button.setAttribute('aria-current', l.listId === selected ? 'true' : 'false');
      li.classList.toggle('deleting', !!l.deleting);
    });
  }
}
customElements.define('ev-lists', EvLists);
