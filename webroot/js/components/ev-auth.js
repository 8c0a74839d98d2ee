import { emit, h } from '../dom.js';

/** Sign in / sign up. Fires `ev-auth` {action: 'login'|'signup', username, password}. */
class EvAuth extends HTMLElement {
  connectedCallback() {
    if (this.form) return;
    this.message = h('p', { class: 'form-error', role: 'alert', id: 'auth-message' });
    this.user = h('input', { id: 'auth-username', name: 'username', autocomplete: 'username', required: true,
      minLength: 3, maxLength: 32, pattern: '[a-z0-9_.\\-]+', 'aria-describedby': 'auth-hint' });
    this.pass = h('input', { id: 'auth-password', name: 'password', type: 'password', required: true, minLength: 8,
      autocomplete: 'current-password' });
    const submit = (action) => (e) => {
      e.preventDefault();
      if (!this.form.reportValidity()) return;
      emit(this, 'ev-auth', { action, username: this.user.value.trim(), password: this.pass.value });
    };
    this.loginButton = h('button', { type: 'submit', id: 'login', text: 'Sign in' });
    this.signupButton = h('button', { type: 'button', id: 'signup', class: 'secondary', text: 'Create account',
      onclick: submit('signup') });
    // What went wrong last time is stale once the user types again.
    const retyped = () => {
      this.error = '';
      if (!this.offline) this.message.textContent = '';
    };
    this.form = h('form', { class: 'card auth', 'aria-labelledby': 'auth-title', onsubmit: submit('login'), oninput: retyped },
      h('h2', { id: 'auth-title', text: 'Sign in to Eventual' }),
      h('label', { for: 'auth-username', text: 'Username' }), this.user,
      h('small', { id: 'auth-hint', text: '3–32 characters: a–z, 0–9, _ . -' }),
      h('label', { for: 'auth-password', text: 'Password (at least 8 characters)' }), this.pass,
      h('div', { class: 'row' }, this.loginButton, this.signupButton), this.message);
    this.append(this.form);
  }

  set state({ error = '', busy = false, offline = false }) {
    this.offline = offline;
    this.message.textContent = offline ? 'You are offline; sign in needs the server.' : error;
    for (const b of [this.loginButton, this.signupButton]) b.disabled = busy || offline;
  }

  /** Signed in: the password is not kept in the page. */
  signedIn() {
    this.pass.value = '';
    this.error = '';
  }

  /** The name of whoever was signed in here, so signing in again is only the password. */
  prefill(username) {
    if (!this.user.value) this.user.value = username;
  }

  focus() {
    (this.user?.value ? this.pass : this.user)?.focus();
  }
}
customElements.define('ev-auth', EvAuth);
