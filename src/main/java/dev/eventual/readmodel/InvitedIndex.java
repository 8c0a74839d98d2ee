package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import dev.eventual.readmodel.storage.TodoTrie;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lists that invite each user and wait for an answer, by invitee: what {@code GET /api/invitations} lists and the
 * decider counts. A fork's index reads through to its base's, as the rest of a fork does; each set is immutable.
 */
final class InvitedIndex {
  private final InvitedIndex base;
  private final Map<String, Set<String>> byInvitee = new ConcurrentHashMap<>();

  InvitedIndex(InvitedIndex base) {
    this.base = base;
  }

  Set<String> of(String userId) {
    for (InvitedIndex i = this; i != null; i = i.base) {
      Set<String> lists = i.byInvitee.get(userId);
      if (lists != null) {
        return lists;
      }
    }
    return Set.of();
  }

  void set(String userId, String listId, boolean invited) {
    Set<String> next = new HashSet<>(of(userId));
    if (invited ? next.add(listId) : next.remove(listId)) {
      byInvitee.put(userId, Set.copyOf(next));
    }
  }

  /** {@code list} with {@code userId} invited by the event's actor, the invitation waiting on the invitee's side too. */
  TodoList invited(TodoList list, Event event, String userId) {
    set(userId, list.listId(), true);
    return list.consenting(event.version(), list.members(),
      list.consent().inviting(userId, new Consent.Invite(event.actor(), event.at(), event.version())));
  }

  /** {@code list} deleted: its todos gone, and nobody invited to it any more. */
  TodoList deleted(TodoList list, Event event) {
    list.consent().pending().keySet().forEach(u -> set(u, list.listId(), false));
    return list.with(event.version(), list.name(), list.members(), TodoTrie.empty(), true);
  }

  /** {@code list} once {@code userId} answered its invitation: a member now, or a no that counts; invited no more. */
  TodoList answered(TodoList list, Event event, String userId, boolean accepted) {
    set(userId, list.listId(), false);
    return list.answered(event.version(), userId, accepted, !accepted, event.at());
  }

  /** After a snapshot is restored: every list's invitations. */
  void rebuild(List<TodoList> lists) {
    lists.forEach(l -> l.consent().pending().keySet().forEach(u -> set(u, l.listId(), true)));
  }
}
