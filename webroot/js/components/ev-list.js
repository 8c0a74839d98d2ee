import { badge, command, emit, fill, h, keyed } from '../dom.js';
import { describe, uuid } from '../logic/commands.js';
import { FILTERS, itemsLeft } from '../logic/view.js';
import { phaseWords } from '../logic/change.js';
import { conflictWords } from '../logic/conflicts.js';
import { ask } from './ev-dialog.js';
import { TodoRows } from './todo-rows.js';

/**
 * One list: name, its conflicts waiting for a choice, todos, the user's pending changes, members and sharing. What
 * needs the server (deleting the list, sharing, removing a member) is disabled with the reason while it cannot be
 * reached, rather than queued blindly. Fires `ev-command` and `ev-resolve` {commandId, choice: 'theirs'|'mine'}.
 */
class EvList extends HTMLElement {
  connectedCallback() {
    if (this.todos) return;
    this.heading = h('h2', { id: 'list-title', tabIndex: -1 });
    this.renameButton = h('button', { type: 'button', class: 'secondary', id: 'rename-list', text: 'Rename',
      onclick: () => this.rename() });
    this.deleteButton = h('button', { type: 'button', class: 'danger', id: 'delete-list', text: 'Delete list',
      onclick: () => this.deleteList(), 'aria-describedby': 'list-degraded' });
    this.degraded = h('p', { class: 'degraded', id: 'list-degraded', role: 'status' });
    this.conflicts = h('ul', { class: 'conflicts', id: 'conflicts', 'aria-label': 'Conflicts to resolve' });
    this.members = h('ul', { class: 'members', id: 'members', 'aria-label': 'Members' });
    this.invited = h('ul', { class: 'members invited', id: 'invited', 'aria-label': 'Invited, not answered yet' });
    this.shareName = h('input', { id: 'share-username', required: true, maxLength: 32, placeholder: 'username',
      autocomplete: 'off', 'aria-describedby': 'list-degraded' });
    this.shareButton = h('button', { type: 'submit', id: 'share', text: 'Invite', 'aria-describedby': 'list-degraded' });
    // Only the owner invites (README, "Invitations"); the invitee accepts or declines.
    this.shareForm = h('form', { class: 'inline', onsubmit: (e) => this.share(e) },
      h('label', { for: 'share-username', text: 'Invite' }), this.shareName, this.shareButton);
    this.text = h('input', { id: 'new-todo', required: true, maxLength: 500, placeholder: 'What needs doing?',
      autocomplete: 'off', oninput: () => emit(this, 'ev-draft', { listId: this.list.listId, text: this.text.value }) });
    this.addButton = h('button', { type: 'submit', id: 'add-todo', text: 'Add' });
    // What the user added that the list does not show yet (Safe mode, or Optimistic before the 202): under the input,
    // where they look, each with its one state.
    this.adding = h('ul', { class: 'adding', id: 'adding', 'aria-label': 'Being added', 'aria-live': 'polite' });
    this.todos = h('ul', { class: 'todos', id: 'todos', 'aria-label': 'Todos' });
    this.toggleAll = h('input', { type: 'checkbox', id: 'toggle-all', class: 'toggle', onclick: () => this.markAll() });
    this.toggleRow = h('div', { class: 'toggle-all' }, this.toggleAll, h('label', { for: 'toggle-all', text: 'Mark all as complete' }));
    this.left = h('span', { id: 'items-left' });
    this.filters = Object.keys(FILTERS).map((name) => h('a', { href: `?filter=${name}`, 'data-filter': name,
      text: name[0].toUpperCase() + name.slice(1), onclick: (e) => { e.preventDefault(); emit(this, 'ev-filter', { filter: name }); } }));
    this.clearDone = h('button', { type: 'button', class: 'link', id: 'clear-completed', text: 'Clear completed',
      onclick: () => this.clearCompleted() });
    this.foot = h('footer', { class: 'list-foot' }, this.left, h('nav', { class: 'filters', 'aria-label': 'Show' }, this.filters),
      this.clearDone);
    this.rows = new TodoRows(this.todos, this);
    this.noTodos = h('p', { class: 'muted', text: 'Nothing to do yet.' });
    this.pending = h('ul', { class: 'pending', id: 'pending', 'aria-label': 'Pending changes', 'aria-live': 'polite' });
    this.pendingBox = h('section', { class: 'pending-box', 'aria-labelledby': 'pending-title' },
      h('h3', { id: 'pending-title', text: 'Pending changes' }), this.pending);
    this.append(
      h('header', { class: 'list-head' }, this.heading, h('div', { class: 'row' }, this.renameButton, this.deleteButton)),
      this.degraded, this.conflicts,
      h('form', { class: 'inline add-todo', onsubmit: (e) => this.add(e) },
        h('label', { for: 'new-todo', class: 'visually-hidden', text: 'New todo' }), this.text, this.addButton),
      this.adding, this.toggleRow, this.todos, this.noTodos, this.foot, this.pendingBox,
      h('section', { class: 'sharing', 'aria-labelledby': 'members-title' },
        h('h3', { id: 'members-title', text: 'Members' }), this.members, this.invited, this.shareForm));
  }

  set state({ list, me, pending, conflicts = [], reachable = true, online = true, lists = [], recent = [], filter = 'all',
    draft = '' }) {
    // What is typed belongs to its list: another list shows its own draft, never this one's.
    if (this.list?.listId !== list.listId) this.text.value = draft;
    this.list = list;
    this.filter = filter;
    const ready = !list.listId.startsWith('pending-') && !list.deleting;
    fill(this.heading, h('span', { text: list.name }), badge(list.pending));
    this.renameButton.disabled = !ready;
    this.deleteButton.hidden = list.owner !== me.userId;
    this.deleteButton.disabled = !ready || !reachable;
    this.text.disabled = !ready;
    this.addButton.disabled = !ready;
    this.shareForm.hidden = list.owner !== me.userId;
    this.shareName.disabled = !ready || !reachable;
    this.shareButton.disabled = !ready || !reachable;
    const reason = reachable ? '' : `Sharing, removing members and deleting the list need the server: ${online
      ? 'it is not answering; they are paused until it does.' : 'you are offline.'}`;
    if (this.degraded.textContent !== reason) this.degraded.textContent = reason;
    this.degraded.hidden = !reason;
    const todos = list.todos ?? [];
    this.noTodos.hidden = todos.length > 0 || list.todos === null;
    this.rows.render(list, lists, todos.filter(FILTERS[filter]));
    this.drawFoot(todos, filter, ready);
    if (this.rows.left) emit(this, 'ev-render');
    this.drawAdding(list, recent, online);
    keyed(this.conflicts, conflicts, (c) => c.commandId, (c) => this.conflictRow(c), (li, c) => {
      li.words.textContent = conflictWords(c);
    });
    keyed(this.members, list.members, (m) => m.userId ?? `u-${m.username}`, () => h('li'), (li, m) => {
      const canRemove = m.userId && m.userId !== list.owner && (list.owner === me.userId || m.userId === me.userId);
      const leaving = m.userId === me.userId;
      fill(li, h('span', { text: m.username ?? m.userId }), m.userId === list.owner ? h('small', { text: ' (owner)' }) : null,
        badge(m.pending), canRemove && !m.pending ? h('button', { type: 'button', class: 'link danger', disabled: !reachable,
          'aria-describedby': 'list-degraded', 'aria-label': leaving ? 'Leave list' : `Remove ${m.username}`,
          text: leaving ? 'leave' : 'remove', onclick: () => this.removeMember(m, leaving) }) : null);
    });
    this.invited.hidden = !(list.invited ?? []).length;
    keyed(this.invited, list.invited ?? [], (m) => m.userId ?? `u-${m.username}`, () => h('li'), (li, m) => {
      fill(li, h('span', { text: m.username ?? m.userId }), h('small', { text: ' (invited)' }), badge(m.pending));
    });
    this.pendingBox.hidden = pending.length === 0;
    keyed(this.pending, pending, (c) => c.commandId, () => h('li'), (li, c) => {
      li.className = `pending-item status-${c.status}`;
      fill(li, h('span', { text: describe(c) }), badge(c.status, phaseWords(c, { online })));
    });
  }

  /**
   * The user's todos on their way: those the list does not show yet wait under the input; one that arrives in the
   * list is brought into view (if it is not) and marked for a moment, once.
   */
  drawAdding(list, recent, online) {
    const creations = recent.filter((c) => c.kind === 'todo-create' && !['rejected', 'failed'].includes(c.status));
    const rowOf = (c) => this.rows.rowOf((t) => t.commandId === c.commandId || (!!c.todoId && t.todoId === c.todoId));
    const waiting = creations.filter((c) => c.status !== 'confirmed' && !rowOf(c));
    keyed(this.adding, waiting, (c) => c.commandId, () => h('li', { class: 'adding-item' },
      h('span', { class: 'todo-text' }), h('span', { class: 'todo-status' })), (li, c) => {
      li.firstChild.textContent = c.args.text;
      const words = phaseWords(c, { online });
      if (li.lastChild.textContent !== words) li.lastChild.textContent = words;
      li.dataset.text = c.args.text;
      li.dataset.status = c.status;
    });
    this.adding.hidden = waiting.length === 0;
    this.shown ??= new Set();
    for (const c of creations) {
      const li = !this.shown.has(c.commandId) && rowOf(c);
      if (!li) continue;
      this.shown.add(c.commandId);
      li.classList.remove('arrived');
      void li.offsetWidth;
      li.classList.add('arrived');
      const r = li.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) li.scrollIntoView({ block: 'nearest' });
    }
  }

  /** TodoMVC's footer: "N items left", the filters (in the URL), Clear completed; and "Mark all as complete" above. */
  drawFoot(todos, filter, ready) {
    const left = itemsLeft(todos);
    const words = `${left} item${left === 1 ? '' : 's'} left`;
    if (this.left.textContent !== words) this.left.textContent = words;
    for (const a of this.filters) a.setAttribute('aria-current', String(a.dataset.filter === filter ? 'page' : false));
    this.foot.hidden = todos.length === 0;
    this.toggleRow.hidden = todos.length === 0;
    this.toggleAll.checked = todos.length > 0 && left === 0;
    this.toggleAll.disabled = !ready;
    this.clearDone.hidden = left === todos.length;
  }

  /** The todos a batch may change: there, and no change of the user's on them yet. */
  usable() {
    return (this.list.todos ?? []).filter((t) => t.todoId && !t.pending && !t.deleting && !t.moving);
  }

  /** Ticks all (or, when all are done, unticks all): one command per todo that changes, undone together. */
  markAll() {
    const want = this.toggleAll.checked;
    const batch = uuid();
    for (const t of this.usable().filter((x) => !!x.completed !== want)) {
      command(this, 'todo-update', { listId: this.list.listId, todoId: t.todoId, completed: want, previousText: t.text,
        expectedVersion: t.version, batch });
    }
  }

  /** Deletes the done todos, one command each, undone together; the focus goes back to the input. */
  clearCompleted() {
    const batch = uuid();
    for (const t of this.usable().filter((x) => x.completed)) {
      command(this, 'todo-delete', { listId: this.list.listId, todoId: t.todoId, previousText: t.text, completed: true,
        expectedVersion: t.version, batch });
    }
    this.text.focus();
  }

  /** Removing someone asks first: they lose the list (and whatever they were typing in it goes to their kept drafts). */
  async removeMember(m, leaving) {
    const { listId, name } = this.list;
    const sure = await ask(leaving
      ? { title: 'Leave the list?', message: `You will no longer see '${name}'.`, confirm: 'Leave', danger: true }
      : { title: `Remove ${m.username}?`, message: `${m.username} will no longer see '${name}' or change it.`,
        confirm: 'Remove', danger: true });
    if (sure) command(this, 'member-remove', { listId, userId: m.userId, username: m.username });
  }

  conflictRow(c) {
    const words = h('p', { class: 'conflict-words' });
    // Chosen, the conflict goes: the focus goes to its todo (or the input), where the next action is.
    const choose = (choice) => () => {
      emit(this, 'ev-resolve', { commandId: c.commandId, choice });
      (this.rows.rowOf((t) => t.todoId === c.args.todoId)?.check ?? this.text).focus();
    };
    const li = h('li', { class: 'conflict' }, h('div', { role: 'group', 'aria-label': 'Conflict' }, words,
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'secondary keep-theirs', text: 'Keep theirs', onclick: choose('theirs') }),
        h('button', { type: 'button', class: 'apply-mine', text: 'Apply mine again', onclick: choose('mine') }))));
    li.words = words;
    return li;
  }

  add(e) {
    e.preventDefault();
    const text = this.text.value.trim();
    if (!text) return;
    command(this, 'todo-create', { listId: this.list.listId, text });
    this.text.value = '';
    emit(this, 'ev-draft', { listId: this.list.listId, text: '' });
    this.text.focus();
  }

  async rename() {
    const { listId, name, version } = this.list;
    const next = await ask({ title: 'Rename the list', label: 'New name', value: name, confirm: 'Rename' });
    if (next && next !== name) command(this, 'list-rename', { listId, name: next, previousName: name, expectedVersion: version });
  }

  async deleteList() {
    const { listId, name } = this.list;
    const sure = await ask({ title: 'Delete the list?', message: `Delete '${name}' for every member?`,
      confirm: 'Delete for everyone', danger: true });
    if (sure) command(this, 'list-delete', { listId, name });
  }

  share(e) {
    e.preventDefault();
    const username = this.shareName.value.trim().toLowerCase();
    if (!username) return;
    command(this, 'member-invite', { listId: this.list.listId, username });
    this.shareName.value = '';
  }
}
customElements.define('ev-list', EvList);
