/**
 * What the user typed and has not sent yet, per list: the new-todo input's text and the text of each open editor
 * (with the text it started from). A draft belongs to its list — switching lists shows each list's own — and outlives
 * it: when the list is deleted, or the user removed from it, its drafts are "kept", to put into another list or discard.
 * Kept in storage per user, so a reload keeps them too.
 *
 *   { [listId]: { name, text, edits: { [todoId]: { was, text } }, gone?: { by, why: 'deleted'|'removed' } } }
 */
export class Drafts {
  constructor(storage, key) {
    Object.assign(this, { storage, key });
    try {
      const saved = JSON.parse(storage.getItem(key) ?? '{}');
      this.all = saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : {};
    } catch {
      this.all = {};
    }
  }

  save() {
    for (const [listId, d] of Object.entries(this.all)) if (!d.text && !Object.keys(d.edits ?? {}).length) delete this.all[listId];
    try {
      this.storage.setItem(this.key, JSON.stringify(this.all));
    } catch {
      // storage full or denied: the drafts live in memory only
    }
  }

  entry(listId, name) {
    const d = (this.all[listId] ??= { name, text: '', edits: {} });
    if (name) d.name = name;
    d.edits ??= {};
    return d;
  }

  /** The new-todo input's text of a list. */
  text(listId) {
    return this.all[listId]?.text ?? '';
  }

  setText(listId, name, text) {
    this.entry(listId, name).text = text;
    this.save();
  }

  /** An editor's text (null: closed, nothing to keep); the same as it started from is nothing to keep either. */
  setEdit(listId, name, todoId, was, text) {
    const d = this.entry(listId, name);
    if (text == null || text.trim() === '' || text === was) delete d.edits[todoId];
    else d.edits[todoId] = { was: d.edits[todoId]?.was ?? was, text };
    this.save();
  }

  /** Why a list went, for its kept drafts to say. */
  gone(listId, name, by, why) {
    if (!this.all[listId]) return;
    this.entry(listId, name).gone = { by, why };
    this.save();
  }

  /**
   * The drafts of lists that are no more (not among `listIds`): [{listId, name, gone, items: [{key, text, was?}]}],
   * each item a text to put elsewhere.
   */
  kept(listIds) {
    return Object.entries(this.all).filter(([listId]) => !listIds.has(listId)).map(([listId, d]) => ({
      listId, name: d.name, gone: d.gone ?? null,
      items: [...(d.text?.trim() ? [{ key: 'new', text: d.text.trim() }] : []),
        ...Object.entries(d.edits ?? {}).map(([todoId, e]) => ({ key: todoId, text: e.text.trim(), was: e.was }))],
    })).filter((k) => k.items.length);
  }

  /** Takes one kept item away (put elsewhere, or discarded). */
  drop(listId, key) {
    const d = this.all[listId];
    if (!d) return;
    if (key === 'new') d.text = '';
    else delete d.edits?.[key];
    this.save();
  }
}
