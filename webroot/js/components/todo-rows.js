import { command, emit, h, keyed, statusWords } from '../dom.js';
import { ask } from './ev-dialog.js';

const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING
const ROWS_PER_FRAME = 150;

/**
 * The todos of one list as rows that survive every re-render: a row keeps its node, so focus and caret stay where
 * the user left them. An open editor stays open until its owner saves or cancels — not on blur, not when the list
 * changes around it — and when someone else deletes its todo it stays too, saying so, with the typed text kept.
 * A row with a change on its way says "saving…" in every mode and takes no second click. A todo can move to another
 * of the user's lists ("Move to…", a choice in the page's dialog); while it moves it says where and takes no change.
 */
export class TodoRows {
  constructor(ul, host) {
    this.ul = ul;
    this.host = host;
  }

  /** `lists`: every list of the user (listId, name), for "Move to…" and for the names of where todos go and come from. */
  render(list, lists = []) {
    this.lists = lists;
    // What a row shows of the other lists (where it can move, where it came from): a row is drawn again when it changes.
    const context = lists.map((l) => `${l.listId}\t${l.name}\t${l.deleting ? 1 : 0}`).join('\n');
    this.context = context;
    if (this.listId !== list.listId) {
      this.ul.replaceChildren();
      this.listId = list.listId;
    }
    this.list = list;
    const focusRow = document.activeElement?.closest?.('li.todo');
    const index = focusRow ? [...this.ul.children].indexOf(focusRow) : -1;
    // A long list is drawn a batch of rows a frame, so typing and clicking go on meanwhile.
    this.left = keyed(this.ul, list.todos ?? [], (t) => t.todoId ?? `c-${t.commandId}`, () => this.row(),
      (li, t) => this.fill(li, t), { keep: (li) => this.orphan(li), budget: ROWS_PER_FRAME });
    // The row with the focus went (someone else deleted it): the focus moves on to the row now in its place.
    if (focusRow && !focusRow.isConnected && (!document.activeElement || document.activeElement === document.body)) {
      this.focusNear(index);
    }
  }

  row() {
    const li = h('li', { class: 'todo' });
    li.check = h('input', { type: 'checkbox', onclick: (e) => this.toggle(li, e) });
    li.label = h('span', { class: 'todo-text' });
    li.status = h('span', { class: 'todo-status' });
    li.edit = h('button', { type: 'button', class: 'link', text: 'Edit', onclick: () => this.startEdit(li) });
    li.del = h('button', { type: 'button', class: 'link danger', text: 'Delete', onclick: () => this.del(li) });
    li.move = h('button', { type: 'button', class: 'link move', text: 'Move to…', onclick: () => this.move(li) });
    li.origin = h('button', { type: 'button', class: 'link origin', onclick: () => emit(this.host, 'ev-select',
      { listId: li.todo.movedFrom }) });
    li.append(li.check, li.label, li.origin, li.status, li.edit, li.move, li.del);
    return li;
  }

  /** The lists a todo of this list can move to: the user's others that exist already. */
  targets() {
    return this.lists.filter((l) => l.listId !== this.list.listId && !l.listId.startsWith('pending-') && !l.deleting);
  }

  nameOf(listId) {
    return this.lists.find((l) => l.listId === listId)?.name ?? null;
  }

  fill(li, t) {
    if (li.todo === t && li.context === this.context) return;
    li.context = this.context;
    li.todo = t;
    li.classList.toggle('done', !!t.completed);
    li.classList.toggle('deleting', !!t.deleting);
    li.classList.toggle('is-pending', !!t.pending);
    li.classList.toggle('moving', !!t.moving);
    li.dataset.text = t.text;
    li.dataset.status = t.moving ? 'moving' : t.pending ?? 'confirmed';
    li.check.checked = !!t.completed;
    const usable = !!t.todoId && !t.deleting && !t.moving;
    li.check.disabled = !usable;
    li.edit.disabled = !usable;
    li.del.disabled = !usable;
    li.move.disabled = !usable || this.targets().length === 0;
    li.move.title = this.targets().length === 0 ? 'Make another list to move todos to' : '';
    const from = t.movedFrom ? this.nameOf(t.movedFrom) : null;
    li.origin.hidden = !t.movedFrom;
    li.origin.disabled = !from;
    li.origin.textContent = from ? `from '${from}'` : 'moved from another list';
    li.origin.setAttribute('aria-label', from ? `Open '${from}', where ${t.text} came from` : 'Moved from another list');
    // Busy, not disabled: a disabled element loses the keyboard focus.
    li.check.setAttribute('aria-disabled', String(!!t.pending));
    li.setAttribute('aria-busy', String(!!t.pending));
    li.check.setAttribute('aria-label', `Done: ${t.text}`);
    li.edit.setAttribute('aria-label', `Edit ${t.text}`);
    li.del.setAttribute('aria-label', `Delete ${t.text}`);
    // The name holds the words on the button (WCAG 2.5.3), then the todo.
    li.move.setAttribute('aria-label', `Move to another list: ${t.text}`);
    li.label.textContent = t.text;
    // One state per row: the phase of the change on it (logic/change.js), in a word that fits a row.
    const words = t.moving ? `moving to '${this.nameOf(t.moving.toListId) ?? 'another list'}'…`
      : !t.pending ? '' : t.deleting ? 'deleting…' : t.pending === 'queued' ? statusWords('queued') : 'saving…';
    if (li.status.textContent !== words) li.status.textContent = words;
  }

  toggle(li, e) {
    const t = li.todo;
    if (t.pending || !t.todoId) {
      e.preventDefault();
      return;
    }
    command(this.host, 'todo-update', { listId: this.list.listId, todoId: t.todoId, completed: li.check.checked,
      previousText: t.text, expectedVersion: t.version });
  }

  startEdit(li) {
    if (li.editing) return;
    const t = li.todo;
    const input = h('input', { value: t.text, maxLength: 500, 'aria-label': `New text for ${t.text}`, class: 'edit-input' });
    const save = h('button', { type: 'submit', class: 'edit-save', text: 'Save' });
    const cancel = h('button', { type: 'button', class: 'secondary edit-cancel', text: 'Cancel', onclick: () => this.close(li) });
    const form = h('form', { class: 'edit-form', onsubmit: (e) => { e.preventDefault(); this.save(li); } }, input, save, cancel);
    // Enter saves here and goes no further: the same key press must not also click the Edit button that gets focus.
    input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== 'Escape') return;
      e.preventDefault();
      if (e.key === 'Enter') this.save(li);
      else this.close(li);
    });
    // What the user saw when starting to edit: a change by someone else since is a conflict, not overwritten.
    li.editing = { input, form, save, cancel, seen: { text: t.text, version: t.version } };
    li.classList.add('editing');
    for (const el of [li.label, li.edit, li.move, li.del]) el.hidden = true;
    li.insertBefore(form, li.status);
    input.focus();
    input.select();
  }

  save(li) {
    const { input, seen } = li.editing ?? {};
    const text = input?.value.trim();
    if (!text) return;
    const { listId } = this.list;
    if (li.classList.contains('orphan')) command(this.host, 'todo-create', { listId, text });
    else if (text !== seen.text) {
      command(this.host, 'todo-update', { listId, todoId: li.todo.todoId, text, previousText: seen.text,
        expectedVersion: seen.version });
    }
    this.close(li);
  }

  close(li) {
    if (!li.editing) return;
    li.editing.form.remove();
    li.editing = null;
    li.classList.remove('editing');
    if (li.classList.contains('orphan')) {
      const index = [...this.ul.children].indexOf(li);
      li.remove();
      this.focusNear(index);
      return;
    }
    for (const el of [li.label, li.edit, li.move, li.del]) el.hidden = false;
    li.edit.focus();
  }

  /** "Move to…": the user picks one of their other lists in the page's dialog; the focus comes back to the row. */
  async move(li) {
    const t = li.todo;
    const targets = this.targets();
    if (!targets.length || t.moving) return;
    const toListId = await ask({ title: 'Move to another list', message: `Move '${t.text}' to:`, label: 'List',
      choices: targets.map((l) => ({ value: l.listId, label: l.name })), confirm: 'Move' });
    if (!toListId || li.todo?.todoId !== t.todoId) return;
    command(this.host, 'todo-move', { listId: this.list.listId, todoId: t.todoId, toListId, toName: this.nameOf(toListId),
      fromName: this.list.name, previousText: t.text, expectedVersion: t.version });
  }

  /** A row whose todo went: kept while its editor is open, saying who deleted it; its text can be added again. */
  orphan(li) {
    if (!li.editing) return false;
    if (!li.classList.contains('orphan')) {
      const gone = this.list.gone?.find((g) => g.todoId === li.todo.todoId);
      const by = gone?.by ?? 'Someone';
      li.classList.add('orphan');
      li.dataset.status = 'gone';
      li.check.disabled = true;
      li.insertBefore(h('p', { class: 'orphan-note', role: 'alert',
        text: `${by} ${gone?.moved ? 'moved this todo to another list' : 'deleted this todo'} while you were editing it.`
          + ' Your text is kept:' }), li.editing.form);
      Object.assign(li.editing.save, { textContent: 'Add as a new todo', className: 'edit-save restore' });
      Object.assign(li.editing.cancel, { textContent: 'Discard', className: 'secondary edit-cancel discard' });
    }
    return true;
  }

  del(li) {
    // The row is about to go (or be disabled): keep keyboard focus in the list, on the next todo or the input.
    const rows = [...this.ul.children].filter((r) => r !== li && !r.classList.contains('deleting') && !r.classList.contains('orphan'));
    const after = rows.find((r) => li.compareDocumentPosition(r) & FOLLOWING) ?? rows[rows.length - 1];
    command(this.host, 'todo-delete', { listId: this.list.listId, todoId: li.todo.todoId, previousText: li.todo.text,
      completed: !!li.todo.completed, expectedVersion: li.todo.version });
    (after && !after.check.disabled ? after.check : this.host.text).focus();
  }

  /** The row whose todo matches, if it is drawn. */
  rowOf(matches) {
    for (const li of this.ul.children) if (li.todo && matches(li.todo)) return li;
    return null;
  }

  focusNear(index) {
    const rows = [...this.ul.children].filter((r) => !r.check.disabled);
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    (row ? row.check : this.host.text).focus();
  }
}
