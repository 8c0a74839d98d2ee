import { emit, h } from '../dom.js';

const MODES = [
  ['safe', 'Safe', 'changes show when the server confirms them'],
  ['optimistic', 'Optimistic', 'changes show when the server accepts them'],
  ['brave', 'Brave', 'changes show at once and roll back if refused'],
];

const TRANSPORT_CHOICES = [['auto', 'Automatic'], ['socket', 'WebSocket'], ['sse', 'Server-Sent Events']];

/** Safe / Optimistic / Brave, and how long Safe waits before saying "still processing". */
class EvMode extends HTMLElement {
  connectedCallback() {
    if (this.fieldset) return;
    this.patience = h('input', { type: 'number', id: 'patience', min: 1, max: 120, step: 1,
      onchange: () => emit(this, 'ev-patience', { seconds: Number(this.patience.value) || 10 }) });
    // Remembered: a network where the socket works badly can be told to use Server-Sent Events from the start.
    this.transport = h('select', { id: 'transport', onchange: () => emit(this, 'ev-transport', { transport: this.transport.value }) },
      ...TRANSPORT_CHOICES.map(([value, label]) => h('option', { value }, label)));
    this.fieldset = h('fieldset', { class: 'modes' }, h('legend', { text: 'Mode' }),
      ...MODES.map(([value, label, hint]) => h('label', { class: 'mode', title: hint },
        h('input', { type: 'radio', name: 'mode', value, id: `mode-${value}`,
          onchange: () => emit(this, 'ev-mode', { mode: value }) }), ` ${label}`)),
      h('label', { for: 'patience', class: 'patience' }, 'Safe waits (s) ', this.patience),
      h('label', { for: 'transport', class: 'patience' }, 'Live updates ', this.transport));
    this.append(this.fieldset);
  }

  set state({ mode, patienceSeconds, transport = 'auto' }) {
    this.querySelector(`#mode-${mode}`).checked = true;
    if (this.transport.value !== transport) this.transport.value = transport;
    // Written only when the setting changed: what the user is typing (or has just cleared) stays as it is.
    if (this.patienceShown !== patienceSeconds && document.activeElement !== this.patience) {
      this.patience.value = patienceSeconds;
      this.patienceShown = patienceSeconds;
    }
  }
}
customElements.define('ev-mode', EvMode);
