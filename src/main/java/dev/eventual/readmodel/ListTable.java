package dev.eventual.readmodel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lists a state knows, by id, and the ids of each member's lists, so that one user's lists are found without
 * looking at anyone else's. One thread replaces them (the fold), any thread reads them: each value is an immutable
 * {@link TodoList}. A fork's table reads through to its base's, as the rest of a fork does.
 */
final class ListTable {
  /** A list's current value: one map lookup finds it and a fold replaces it in place, with no second map write. */
  static final class Slot {
    volatile TodoList list;

    Slot(TodoList list) {
      this.list = list;
    }
  }

  private final ListTable base;
  private final Map<String, Slot> byId = new ConcurrentHashMap<>();
  /** For each user, the lists put here while they were a member and not deleted; a list found here is checked again. */
  private final Map<String, Set<String>> byMember = new ConcurrentHashMap<>();

  ListTable(ListTable base) {
    this.base = base;
  }

  TodoList find(String listId) {
    if (listId == null) {
      return null;
    }
    for (ListTable t = this; t != null; t = t.base) {
      Slot slot = t.byId.get(listId);
      if (slot != null) {
        return slot.list;
      }
    }
    return null;
  }

  /** This table's own slot of a list (not its base's), for the fold to replace in place. */
  Slot own(String listId) {
    return listId == null ? null : byId.get(listId);
  }

  void put(Slot own, TodoList next) {
    TodoList before = own != null ? own.list : null;
    if (before != null && before.members() != next.members() || before != null && next.deleted()) {
      for (String member : before.members()) {
        if (!next.isMember(member)) {
          Set<String> ids = byMember.get(member);
          if (ids != null) {
            ids.remove(next.listId());
          }
        }
      }
    }
    if (!next.deleted() && (before == null || before.members() != next.members())) {
      for (String member : next.members()) {
        byMember.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet()).add(next.listId());
      }
    }
    if (own != null) {
      own.list = next;
    } else {
      byId.put(next.listId(), new Slot(next));
    }
  }

  /** The lists a user belongs to, by id; of this table only (a fork does not list its base's). */
  List<TodoList> of(String userId) {
    List<TodoList> result = new ArrayList<>();
    for (String listId : byMember.getOrDefault(userId, Set.of())) {
      Slot slot = byId.get(listId);
      if (slot != null && slot.list.isMember(userId)) {
        result.add(slot.list);
      }
    }
    result.sort((a, b) -> a.listId().compareTo(b.listId()));
    return result;
  }

  /** How many lists the user belongs to, this table's and its base's. */
  int count(String userId) {
    Set<String> seen = new HashSet<>();
    int count = 0;
    for (ListTable t = this; t != null; t = t.base) {
      for (String listId : t.byMember.getOrDefault(userId, Set.of())) {
        TodoList list = seen.add(listId) ? find(listId) : null;
        count += list != null && list.isMember(userId) ? 1 : 0;
      }
    }
    return count;
  }

  /** The ids this table's index holds for a user: what finding their lists looks at, and nothing else. */
  Set<String> indexed(String userId) {
    return Set.copyOf(byMember.getOrDefault(userId, Set.of()));
  }

  /** Every list of this table (a fork does not list its base's). */
  List<TodoList> all() {
    List<TodoList> result = new ArrayList<>(byId.size());
    byId.values().forEach(slot -> result.add(slot.list));
    return result;
  }
}
