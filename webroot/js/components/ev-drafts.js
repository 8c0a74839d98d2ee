import { command, emit, fill, h, keyed } from '../dom.js';

/**
 * What the user typed in lists that are no more (deleted, or they were removed): kept, each text with a way to put it
 * into another list (a new todo there) or to discard it. State: {kept: Drafts.kept(), lists} (where it can go).
 * Fires `ev-command` and `ev-draft-drop` {listId, key}.
 */
class EvDrafts extends HTMLElement {
  connectedCallback() {
    if (this.ul) return;
    this.heading = h('h2', { id: 'drafts-title', tabIndex: -1, text: 'Kept for you' });
    this.ul = h('ul', { class: 'kept' });
    this.append(h('section', { class: 'drafts', 'aria-labelledby': 'drafts-title' }, this.heading, this.ul));
    this.hidden = true;
  }

  set state({ kept, lists }) {
    const items = kept.flatMap((k) => k.items.map((item) => ({ ...item, from: k, id: `${k.listId}/${item.key}` })));
    this.hidden = items.length === 0;
    const targets = lists.filter((l) => !l.listId.startsWith('pending-') && !l.deleting);
    const options = JSON.stringify(targets.map((l) => [l.listId, l.name]));
    keyed(this.ul, items, (i) => i.id, () => h('li'), (li, item) => {
      if (li.options === options && li.item?.text === item.text) return;
      li.options = options;
      li.item = item;
      const { from } = item;
      const why = !from.gone ? `'${from.name}' is gone` : from.gone.why === 'deleted'
        ? `${from.gone.by ?? 'Someone'} deleted '${from.name}'` : `${from.gone.by ?? 'Someone'} removed you from '${from.name}'`;
      const select = h('select', { 'aria-label': `List to add '${item.text}' to` },
        targets.map((l) => h('option', { value: l.listId, text: l.name })));
      fill(li, h('p', { class: 'kept-why', text: `${why}. ${item.was ? `Your edit of '${item.was}' is kept:` : 'What you typed there is kept:'}` }),
        h('p', { class: 'kept-text', text: item.text }),
        h('div', { class: 'row' }, targets.length ? [select, h('button', { type: 'button', class: 'put', text: 'Add there',
          onclick: () => this.put(item, select.value) })] : h('span', { class: 'muted', text: 'Make a list to put it in.' }),
        h('button', { type: 'button', class: 'secondary discard', text: 'Discard', onclick: () => this.drop(item) })));
    });
    // After one was put away, the focus stays in the panel while it has more, else goes to the open list's input.
    if (this.refocus) {
      this.refocus = false;
      (this.querySelector('button.put, button.discard') ?? document.querySelector('#new-todo'))?.focus();
    }
  }

  put(item, listId) {
    command(this, 'todo-create', { listId, text: item.text });
    this.drop(item);
  }

  drop(item) {
    this.refocus = this.contains(document.activeElement);
    emit(this, 'ev-draft-drop', { listId: item.from.listId, key: item.key });
  }

  focus() {
    this.heading.focus();
  }
}
customElements.define('ev-drafts', EvDrafts);
