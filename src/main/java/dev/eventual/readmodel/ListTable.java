package dev.eventual.readmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lists a state knows, by id. One thread replaces them (the fold), any thread reads them: each value is an
 * immutable {@link TodoList}. A fork's table reads through to its base's, as the rest of a fork does.
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
    if (own != null) {
      own.list = next;
    } else {
      byId.put(next.listId(), new Slot(next));
    }
  }

  /** The lists a user belongs to, by id; of this table only (a fork does not list its base's). */
  List<TodoList> of(String userId) {
    List<TodoList> result = new ArrayList<>();
    for (Slot slot : byId.values()) {
      if (slot.list.isMember(userId)) {
        result.add(slot.list);
      }
    }
    result.sort((a, b) -> a.listId().compareTo(b.listId()));
    return result;
  }

  /** Every list of this table (a fork does not list its base's). */
  List<TodoList> all() {
    List<TodoList> result = new ArrayList<>(byId.size());
    byId.values().forEach(slot -> result.add(slot.list));
    return result;
  }
}
