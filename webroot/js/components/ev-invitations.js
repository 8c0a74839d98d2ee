import { command, fill, h, keyed } from '../dom.js';

/**
 * The invitations waiting for this user's answer (README, "Invitations"): who invites them to which list, with
 * Accept and Decline. A person decides what they join: nothing is theirs until they accept. State: {invitations,
 * commands (an answer on its way disables its buttons), reachable}. Fires `ev-command` (invitation-accept / -decline).
 */
const ANSWERS = ['invitation-accept', 'invitation-decline'];

class EvInvitations extends HTMLElement {
  connectedCallback() {
    if (this.ul) return;
    this.heading = h('h2', { id: 'invitations-title', tabIndex: -1, text: 'Invitations' });
    this.ul = h('ul', { class: 'invitations', 'aria-labelledby': 'invitations-title' });
    this.append(h('section', { class: 'invitations-box', 'aria-labelledby': 'invitations-title' }, this.heading, this.ul));
    this.hidden = true;
  }

  set state({ invitations, commands = [], reachable = true }) {
    const answering = new Set(commands.filter((c) => ANSWERS.includes(c.kind) && !['confirmed', 'rejected', 'failed'].includes(c.status))
      .map((c) => c.listId));
    const refocus = this.contains(document.activeElement) && document.activeElement.disabled;
    this.hidden = invitations.length === 0;
    keyed(this.ul, invitations, (i) => i.listId, () => h('li', { class: 'invitation' }), (li, i) => {
      const busy = answering.has(i.listId);
      const key = `${i.name}|${i.byName}|${busy}|${reachable}`;
      if (li.key === key) return;
      li.key = key;
      const name = `'${i.name}'`;
      fill(li, h('p', { text: `${i.byName ?? 'Someone'} invites you to ${name}` }),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'accept', text: busy ? 'Answering…' : 'Accept', disabled: busy || !reachable,
            'aria-label': `Accept the invitation to ${name}`, onclick: () => this.answer(i, ANSWERS[0]) }),
          h('button', { type: 'button', class: 'secondary decline', text: 'Decline', disabled: busy || !reachable,
            'aria-label': `Decline the invitation to ${name}`, onclick: () => this.answer(i, ANSWERS[1]) })));
    });
    // Answered: the focus goes to the next invitation, or to the lists when none is left.
    if (refocus || (this.answered && !this.ul.contains(document.activeElement))) {
      this.answered = false;
      (this.querySelector('button.accept:not(:disabled)') ?? document.querySelector('#new-list-name'))?.focus();
    }
  }

  answer(invitation, kind) {
    this.answered = true;
    command(this, kind, { listId: invitation.listId, name: invitation.name });
  }
}
customElements.define('ev-invitations', EvInvitations);
