import { emit, h, statusWords } from '../dom.js';

/**
 * One todo's row: its checkbox, its text (double-click to edit, as in TodoMVC), where it came from, its one state, and
 * its actions — Edit, Move to…, Delete — inline on a wide screen, behind a "⋯" button on a phone (a disclosure: the
 * actions open on a line of their own under the text, which keeps the whole width). `rows` is the TodoRows that acts.
 */
export function todoRow(rows, key) {
  const li = h('li', { class: 'todo' });
  li.check = h('input', { type: 'checkbox', class: 'toggle', onclick: (e) => rows.toggle(li, e) });
  li.label = h('span', { class: 'todo-text', ondblclick: () => rows.startEdit(li) });
  li.status = h('span', { class: 'todo-status' });
  li.origin = h('button', { type: 'button', class: 'link origin', onclick: () => emit(rows.host, 'ev-select',
    { listId: li.todo.movedFrom }) });
  li.edit = h('button', { type: 'button', class: 'link edit', text: 'Edit', onclick: () => act(li, () => rows.startEdit(li)) });
  li.move = h('button', { type: 'button', class: 'link move', text: 'Move to…', onclick: () => act(li, () => rows.move(li)) });
  li.del = h('button', { type: 'button', class: 'link danger delete', text: 'Delete', onclick: () => act(li, () => rows.del(li)) });
  const id = `actions-${String(key).replace(/[^A-Za-z0-9-]/g, '')}`;
  li.actions = h('div', { class: 'actions', id }, li.edit, li.move, li.del);
  li.menu = h('button', { type: 'button', class: 'link menu-toggle', 'aria-expanded': 'false', 'aria-controls': id,
    onclick: () => openMenu(li, li.menu.getAttribute('aria-expanded') !== 'true') },
  h('span', { 'aria-hidden': 'true', text: '⋯' }));
  li.actions.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    openMenu(li, false);
    li.menu.focus();
  });
  li.append(li.check, li.label, li.origin, li.status, li.menu, li.actions);
  return li;
}

/** Opens or closes a row's actions (the phone's menu); opened by hand, the focus goes to the first. */
export function openMenu(li, open) {
  li.classList.toggle('menu-open', open);
  li.menu.setAttribute('aria-expanded', String(open));
  if (open) li.edit.focus();
}

function act(li, fn) {
  openMenu(li, false);
  fn();
}

/** The row drawn for todo `t`; `lists` names where it can move and came from. Touches nothing when nothing changed. */
export function fillRow(li, t, { context, targets, nameOf }) {
  if (li.todo === t && li.context === context) return;
  li.context = context;
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
  li.move.disabled = !usable || targets === 0;
  li.move.title = targets === 0 ? 'Make another list to move todos to' : '';
  const from = t.movedFrom ? nameOf(t.movedFrom) : null;
  li.origin.hidden = !t.movedFrom;
  li.origin.disabled = !from;
  li.origin.textContent = from ? `from '${from}'` : 'moved from another list';
  li.origin.setAttribute('aria-label', from ? `from '${from}': open it, where ${t.text} came from` : 'moved from another list');
  // Busy, not disabled: a disabled element loses the keyboard focus.
  li.check.setAttribute('aria-disabled', String(!!t.pending));
  li.setAttribute('aria-busy', String(!!t.pending));
  li.check.setAttribute('aria-label', `Done: ${t.text}`);
  li.edit.setAttribute('aria-label', `Edit ${t.text}`);
  li.del.setAttribute('aria-label', `Delete ${t.text}`);
  // The name holds the words on the button (WCAG 2.5.3), then the todo.
  li.move.setAttribute('aria-label', `Move to another list: ${t.text}`);
  li.menu.setAttribute('aria-label', `Actions: ${t.text}`);
  li.label.textContent = t.text;
  // One state per row: the phase of the change on it (logic/change.js), in a word that fits a row.
  const words = t.moving ? `moving to '${nameOf(t.moving.toListId) ?? 'another list'}'…`
    : !t.pending ? '' : t.deleting ? 'deleting…' : t.pending === 'queued' ? statusWords('queued') : 'saving…';
  if (li.status.textContent !== words) li.status.textContent = words;
}
