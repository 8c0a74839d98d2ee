import { h } from '../dom.js';

/**
 * The page's own modal dialog, instead of the browser's prompt() and confirm(): one <dialog>, styled like the page,
 * focus kept inside while it is open and given back to the control that opened it. Resolves with the text typed
 * (when `value` is given), the value chosen (when `choices` [{value, label}] are given: a select), true for a plain
 * confirmation, or null when cancelled (Cancel, Escape).
 */
let dialog;

function build() {
  const form = h('form', { method: 'dialog', class: 'dialog-form' });
  dialog = h('dialog', { id: 'page-dialog', 'aria-labelledby': 'dialog-title' }, form);
  document.body.append(dialog);
  return dialog;
}

export function ask({ title, message = '', value = null, choices = null, label = '', confirm = 'OK', danger = false }) {
  const d = dialog ?? build();
  const form = d.querySelector('form');
  const opener = document.activeElement;
  const input = choices ? h('select', { id: 'dialog-input', required: true },
    choices.map((c) => h('option', { value: c.value, text: c.label })))
    : value === null ? null : h('input', { id: 'dialog-input', value, required: true, maxLength: 200 });
  const ok = h('button', { type: 'submit', class: danger ? 'danger confirm' : 'confirm', text: confirm, value: 'ok' });
  // Enter on the select confirms, as it does in a text field (Chromium would open the select's list instead).
  if (choices) {
    input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      form.requestSubmit(ok);
    });
  }
  const cancel = h('button', { type: 'button', class: 'secondary cancel', text: 'Cancel', onclick: () => d.close('cancel') });
  form.replaceChildren(h('h2', { id: 'dialog-title', text: title }), message ? h('p', { text: message }) : '',
    input ? h('label', { for: 'dialog-input', text: label }) : '', input ?? '', h('div', { class: 'row' }, ok, cancel));
  d.returnValue = '';
  return new Promise((resolve) => {
    d.addEventListener('close', () => {
      if (opener?.isConnected) opener.focus();
      if (d.returnValue !== 'ok') resolve(null);
      else resolve(input ? input.value.trim() : true);
    }, { once: true });
    d.showModal();
    if (input?.select && !choices) input.select();
    else (input ?? cancel).focus();
  });
}
