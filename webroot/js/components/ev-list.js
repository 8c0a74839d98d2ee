import { badge, command, fill, h, keyed } from '../dom.js';
import { describe } from '../logic/commands.js';

/** One list: name, members and sharing, todos, and the user's pending changes to it. Fires `ev-command`. */
class EvList extends HTMLElement {
  connectedCallback() {
    if (this.todos) return;
    this.heading = h('h2', { id: 'list-title', tabIndex: -1 });
    this.renameButton = h('button', { type: 'button', class: 'secondary', id: 'rename-list', text: 'Rename',
      onclick: () => this.rename() });
    this.deleteButton = h('button', { type: 'button', class: 'danger', id: 'delete-list', text: 'Delete list',
      onclick: () => this.deleteList() });
    this.members = h('ul', { class: 'members', id: 'members', 'aria-label': 'Members' });
    this.shareName = h('input', { id: 'share-username', required: true, maxLength: 32, placeholder: 'username',
      autocomplete: 'off' });
    this.text = h('input', { id: 'new-todo', required: true, maxLength: 500, placeholder: 'What needs doing?',
      autocomplete: 'off' });
    this.todos = h('ul', { class: 'todos', id: 'todos', 'aria-label': 'Todos' });
    this.noTodos = h('p', { class: 'muted', text: 'Nothing to do yet.' });
    this.pending = h('ul', { class: 'pending', id: 'pending', 'aria-label': 'Pending changes', 'aria-live': 'polite' });
    this.pendingBox = h('section', { class: 'pending-box', 'aria-labelledby': 'pending-title' },
      h('h3', { id: 'pending-title', text: 'Pending changes' }), this.pending);
    this.append(
      h('header', { class: 'list-head' }, this.heading, h('div', { class: 'row' }, this.renameButton, this.deleteButton)),
      h('form', { class: 'inline add-todo', onsubmit: (e) => this.add(e) },
        h('label', { for: 'new-todo', class: 'visually-hidden', text: 'New todo' }), this.text,
        h('button', { type: 'submit', id: 'add-todo', text: 'Add' })),
      this.todos, this.noTodos, this.pendingBox,
      h('section', { class: 'sharing', 'aria-labelledby': 'members-title' },
        h('h3', { id: 'members-title', text: 'Members' }), this.members,
        h('form', { class: 'inline', onsubmit: (e) => this.share(e) },
          h('label', { for: 'share-username', text: 'Share with' }), this.shareName,
          h('button', { type: 'submit', id: 'share', text: 'Share' }))));
  }

  set state({ list, me, pending }) {
    this.list = list;
    const ready = !list.listId.startsWith('pending-') && !list.deleting;
    fill(this.heading, h('span', { text: list.name }), badge(list.pending));
    this.renameButton.disabled = !ready;
    this.deleteButton.hidden = list.owner !== me.userId;
    this.deleteButton.disabled = !ready;
    for (const el of this.querySelectorAll('form input, form button')) el.disabled = !ready;
    const todos = list.todos ?? [];
    this.noTodos.hidden = todos.length > 0 || list.todos === null;
    keyed(this.todos, todos, (t) => t.todoId ?? `c-${t.commandId}`, (t) => this.todoRow(t), (li, t) => this.fillTodo(li, t));
    keyed(this.members, list.members, (m) => m.userId ?? `u-${m.username}`, () => h('li'), (li, m) => {
      const canRemove = m.userId && m.userId !== list.owner && (list.owner === me.userId || m.userId === me.userId);
      fill(li, h('span', { text: m.username ?? m.userId }), m.userId === list.owner ? h('small', { text: ' (owner)' }) : null,
        badge(m.pending), canRemove && !m.pending ? h('button', { type: 'button', class: 'link danger',
          'aria-label': `${m.userId === me.userId ? 'Leave list' : `Remove ${m.username}`}`, text: m.userId === me.userId ? 'leave' : 'remove',
          onclick: () => command(this, 'member-remove', { listId: list.listId, userId: m.userId, username: m.username }) }) : null);
    });
    this.pendingBox.hidden = pending.length === 0;
    keyed(this.pending, pending, (c) => c.commandId, () => h('li'), (li, c) => {
      li.className = `pending-item status-${c.status}`;
      fill(li, h('span', { text: describe(c) }), badge(c.status),
        c.slow ? h('span', { class: 'slow', text: 'still processing — it will appear when ready' }) : null,
        c.error ? h('small', { class: 'muted', text: ` (${c.error}; retrying)` }) : null);
    });
  }

  todoRow() {
    const li = h('li', { class: 'todo' });
    li.check = h('input', { type: 'checkbox', onchange: () => this.toggle(li) });
    li.label = h('span', { class: 'todo-text' });
    li.status = h('span', { class: 'todo-status' });
    li.edit = h('button', { type: 'button', class: 'link', text: 'Edit', onclick: () => this.startEdit(li) });
    li.del = h('button', { type: 'button', class: 'link danger', text: 'Delete', onclick: () => this.del(li) });
    li.append(li.check, li.label, li.status, li.edit, li.del);
    return li;
  }

  fillTodo(li, t) {
    li.todo = t;
    li.classList.toggle('done', !!t.completed);
    li.classList.toggle('deleting', !!t.deleting);
    li.classList.toggle('is-pending', !!t.pending);
    li.dataset.text = t.text;
    li.dataset.status = t.pending ?? 'confirmed';
    li.check.checked = !!t.completed;
    const usable = !!t.todoId && !t.deleting;
    for (const el of [li.check, li.edit, li.del]) el.disabled = !usable;
    li.check.setAttribute('aria-label', `Done: ${t.text}`);
    li.edit.setAttribute('aria-label', `Edit ${t.text}`);
    li.del.setAttribute('aria-label', `Delete ${t.text}`);
    if (!li.editing) li.label.textContent = t.text;
    fill(li.status, badge(t.pending));
  }

  add(e) {
    e.preventDefault();
    const text = this.text.value.trim();
    if (!text) return;
    command(this, 'todo-create', { listId: this.list.listId, text });
    this.text.value = '';
    this.text.focus();
  }

  toggle(li) {
    const t = li.todo;
    command(this, 'todo-update', { listId: this.list.listId, todoId: t.todoId, completed: li.check.checked, previousText: t.text });
  }

  startEdit(li) {
    const t = li.todo;
    li.editing = true;
    const input = h('input', { value: t.text, maxLength: 500, 'aria-label': `New text for ${t.text}`, class: 'edit-input' });
    const done = (save) => {
      if (!li.editing) return;
      li.editing = false;
      const text = input.value.trim();
      li.label.textContent = li.todo.text;
      if (save && text && text !== t.text) {
        command(this, 'todo-update', { listId: this.list.listId, todoId: t.todoId, text, previousText: t.text,
          expectedVersion: this.list.version });
      }
      li.edit.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') done(true);
      if (e.key === 'Escape') done(false);
    });
    input.addEventListener('blur', () => done(true));
    li.label.replaceChildren(input);
    input.focus();
    input.select();
  }

  del(li) {
    // The row is about to go (or be disabled): keep keyboard focus in the list, on the next todo or the input.
    const rows = [...this.todos.children].filter((r) => r !== li && !r.classList.contains('deleting'));
    const after = rows.find((r) => li.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING);
    const target = (after ?? rows[rows.length - 1])?.check;
    command(this, 'todo-delete', { listId: this.list.listId, todoId: li.todo.todoId, previousText: li.todo.text });
    (target && !target.disabled ? target : this.text).focus();
  }

  rename() {
    const name = prompt('New name for the list', this.list.name);
    if (name && name.trim() && name.trim() !== this.list.name) {
      command(this, 'list-rename', { listId: this.list.listId, name: name.trim(), expectedVersion: this.list.version });
    }
  }

  deleteList() {
    if (confirm(`Delete '${this.list.name}' for every member?`)) {
      command(this, 'list-delete', { listId: this.list.listId, name: this.list.name });
    }
  }

  share(e) {
    e.preventDefault();
    const username = this.shareName.value.trim().toLowerCase();
    if (!username) return;
    command(this, 'member-add', { listId: this.list.listId, username });
    this.shareName.value = '';
  }
}
customElements.define('ev-list', EvList);
