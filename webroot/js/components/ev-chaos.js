import { emit, h } from '../dom.js';

const FIELDS = [
  ['http500Rate', 'HTTP 500 rate (0–1)', 'any', 1],
  ['delayMinMs', 'Processing delay min (ms)', 1, 60000],
  ['delayMaxMs', 'Processing delay max (ms)', 1, 60000],
  ['failureRate', 'Processing failure rate (0–1)', 'any', 1],
];

/** Live chaos knobs; only shown when the server has chaos enabled. Fires `ev-chaos` with the four values. */
class EvChaos extends HTMLElement {
  connectedCallback() {
    if (this.form) return;
    this.inputs = Object.fromEntries(FIELDS.map(([name, , step, max]) =>
      [name, h('input', { type: 'number', id: `chaos-${name}`, name, min: 0, max, step })]));
    this.message = h('p', { class: 'muted', role: 'status', id: 'chaos-message' });
    this.form = h('form', { class: 'chaos', onsubmit: (e) => this.submit(e), oninput: () => { this.dirty = true; } },
      ...FIELDS.map(([name, label]) => h('label', { for: `chaos-${name}` }, label, this.inputs[name])),
      h('button', { type: 'submit', id: 'chaos-apply', text: 'Apply' }), this.message);
    this.append(h('details', {}, h('summary', { text: 'Chaos' }), this.form));
    this.hidden = true;
  }

  submit(e) {
    e.preventDefault();
    this.dirty = false;
    emit(this, 'ev-chaos', Object.fromEntries(Object.entries(this.inputs).map(([k, el]) => [k, Number(el.value) || 0])));
  }

  set state({ chaos, message, disabled }) {
    this.hidden = !chaos?.enabled;
    if (!chaos) return;
    if (chaos.canChange === false) {
      disabled = true;
      message = message || 'Only an admin can change chaos; these are the current values.';
    }
    for (const [name, el] of Object.entries(this.inputs)) {
      if (!this.dirty && chaos[name] !== undefined) el.value = chaos[name];
      el.disabled = disabled;
    }
    this.querySelector('#chaos-apply').disabled = disabled;
    this.message.textContent = message ?? '';
  }
}
customElements.define('ev-chaos', EvChaos);
