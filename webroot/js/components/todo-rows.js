import { command, emit, h, keyed } from '../dom.js';
import { ask } from './ev-dialog.js';
import { fillRow, openMenu, todoRow } from './todo-row.js';

const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING
const ROWS_PER_FRAME = 150;
const keyOf = (t) => t.todoId ?? `c-${t.commandId}`;
const visible = (el) => el.checkVisibility?.() ?? el.getClientRects().length > 0;

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

  /**
   * `lists`: every list of the user (listId, name), for "Move to…" and for the names of where todos go and come from.
   * `shown`: the todos the filter lets through (All / Active / Completed); a row filtered out while its editor is open
   * stays until its owner closes it.
   */
  render(list, lists = [], shown = list.todos ?? []) {
    this.lists = lists;
    // What a row shows of the other lists (where it can move, where it came from): a row is drawn again when it changes.
    this.context = lists.map((l) => `${l.listId}\t${l.name}\t${l.deleting ? 1 : 0}`).join('\n');
    if (this.listId !== list.listId) {
      this.ul.replaceChildren();
      this.listId = list.listId;
    }
    this.list = list;
    const ids = new Set((list.todos ?? []).map((t) => t.todoId));
    const focusRow = document.activeElement?.closest?.('li.todo');
    const index = focusRow ? [...this.ul.children].indexOf(focusRow) : -1;
    const shape = { context: this.context, targets: this.targets().length, nameOf: (id) => this.nameOf(id) };
    // A long list is drawn a batch of rows a frame, so typing and clicking go on meanwhile.
    this.left = keyed(this.ul, shown, keyOf, (t) => todoRow(this, keyOf(t)), (li, t) => fillRow(li, t, shape),
      { keep: (li) => (ids.has(li.todo?.todoId) ? !!li.editing : this.orphan(li)), budget: ROWS_PER_FRAME });
    // The row with the focus went (someone else deleted it): the focus moves on to the row now in its place.
    if (focusRow && !focusRow.isConnected && (!document.activeElement || document.activeElement === document.body)) {
      this.focusNear(index);
    }
  }

  /** The lists a todo of this list can move to: the user's others that exist already. */
  targets() {
    return this.lists.filter((l) => l.listId !== this.list.listId && !l.listId.startsWith('pending-') && !l.deleting);
  }

  nameOf(listId) {
    return this.lists.find((l) => l.listId === listId)?.name ?? null;
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
    // What is typed belongs to this list: kept as a draft, so it outlives the list for this user (removed, deleted).
    input.addEventListener('input', () => emit(this.host, 'ev-draft', { listId: this.list.listId, todoId: t.todoId,
      was: t.text, text: input.value }));
    li.classList.add('editing');
    openMenu(li, false);
    for (const el of [li.label, li.menu, li.actions]) el.hidden = true;
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
    emit(this.host, 'ev-draft', { listId: this.list.listId, todoId: li.todo?.todoId, text: null });
    li.editing.form.remove();
    li.editing = null;
    li.classList.remove('editing');
    if (li.classList.contains('orphan')) {
      const index = [...this.ul.children].indexOf(li);
      li.remove();
      this.focusNear(index);
      return;
    }
    for (const el of [li.label, li.menu, li.actions]) el.hidden = false;
    (visible(li.edit) ? li.edit : li.menu).focus();
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
    // The row takes no change while it moves: the focus goes on to the next, where the next action is.
    this.focusAfter(li);
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
    command(this.host, 'todo-delete', { listId: this.list.listId, todoId: li.todo.todoId, previousText: li.todo.text,
      completed: !!li.todo.completed, expectedVersion: li.todo.version });
    this.focusAfter(li);
  }

  /** The row is about to go (or be disabled): keyboard focus stays in the list, on the next todo or the input. */
  focusAfter(li) {
    const rows = [...this.ul.children].filter((r) => r !== li && !r.check.disabled && !r.classList.contains('orphan'));
    const after = rows.find((r) => li.compareDocumentPosition(r) & FOLLOWING) ?? rows[rows.length - 1];
    (after ? after.check : this.host.text).focus();
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
