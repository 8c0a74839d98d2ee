import { emit, fill, h } from '../dom.js';

const RULE = 'Usernames are 3 to 32 characters: lowercase letters a–z, digits 0–9, and _ . - (no spaces or capitals).';

/**
 * Sign in / sign up, with what the app is for a first visit. The username's rule is said in words (the browser's own
 * "match the requested format" says nothing); a sign-in that fails offers to create an account with what was typed.
 * Fires `ev-auth` {action: 'login'|'signup', username, password}.
 */
class EvAuth extends HTMLElement {
  connectedCallback() {
    if (this.form) return;
    this.message = h('div', { class: 'form-error', role: 'alert', id: 'auth-message' });
    this.user = h('input', { id: 'auth-username', name: 'username', autocomplete: 'username', required: true,
      minLength: 3, maxLength: 32, pattern: '[a-z0-9_.\\-]+', 'aria-describedby': 'auth-hint', autocapitalize: 'none',
      spellcheck: false, oninvalid: () => this.user.setCustomValidity(this.user.validity.valueMissing ? '' : RULE),
      oninput: () => this.user.setCustomValidity('') });
    this.pass = h('input', { id: 'auth-password', name: 'password', type: 'password', required: true, minLength: 8,
      autocomplete: 'current-password' });
    this.loginButton = h('button', { type: 'submit', id: 'login', text: 'Sign in' });
    this.signupButton = h('button', { type: 'button', id: 'signup', class: 'secondary', text: 'Create account',
      onclick: this.submit('signup') });
    // What went wrong last time is stale once the user types again.
    const retyped = () => {
      this.error = '';
      this.nudge = '';
      if (!this.offline) fill(this.message);
    };
    this.form = h('form', { class: 'card auth', 'aria-labelledby': 'auth-title', onsubmit: this.submit('login'), oninput: retyped },
      h('h2', { id: 'auth-title', text: 'Sign in, or create an account' }),
      h('label', { for: 'auth-username', text: 'Username' }), this.user,
      h('small', { id: 'auth-hint', text: '3 to 32 characters: lowercase letters, digits, and _ . -' }),
      h('label', { for: 'auth-password', text: 'Password (at least 8 characters)' }), this.pass,
      h('div', { class: 'row' }, this.loginButton, this.signupButton), this.message);
    this.append(h('section', { class: 'intro', 'aria-labelledby': 'intro-title' },
      h('h2', { id: 'intro-title', text: 'Shared todo lists, live' }),
      h('p', { text: 'Eventual keeps your todo lists and shares them with the people you name: each change shows for '
        + 'everyone on the list the moment it is made. What you change offline waits, and goes out when you are back.' })),
    this.form);
  }

  submit(action) {
    return (e) => {
      e?.preventDefault();
      if (!this.form.reportValidity()) return;
      emit(this, 'ev-auth', { action, username: this.user.value.trim(), password: this.pass.value });
    };
  }

  /** `nudge`: the name a sign-in failed with — perhaps nobody has it yet: offered to create that account. */
  set state({ error = '', busy = false, offline = false, nudge = '' }) {
    this.offline = offline;
    const words = offline ? 'You are offline; sign in needs the server.' : error;
    const key = `${words}\t${offline ? '' : nudge}`;
    if (this.shown !== key) {
      this.shown = key;
      fill(this.message, words ? h('p', { text: words }) : null, !offline && nudge ? h('p', {}, 'New here? ',
        h('button', { type: 'button', class: 'link create-instead', text: `Create an account as '${nudge}'`,
          onclick: this.submit('signup') })) : null);
    }
    for (const b of [this.loginButton, this.signupButton]) b.disabled = busy || offline;
  }

  /** Signed in: the password is not kept in the page. */
  signedIn() {
    this.pass.value = '';
    this.error = '';
    this.nudge = '';
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
