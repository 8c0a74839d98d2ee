package dev.eventual.domain;

import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A list's todos as a persistent map: adding, changing or removing one todo makes a new value in O(log n) and shares
 * the rest, so folding an event does not copy the list. Each todo remembers its position (the list version that added
 * it), and {@link #values()} sorts by it: reads are rarer than folds, and list views are cached per version.
 */
public final class Todos {
  private static final Todos EMPTY = new Todos(HashTreePMap.empty());

  private record Entry(long position, State.Todo todo) {
  }

  private final PMap<String, Entry> entries;

  private Todos(PMap<String, Entry> entries) {
    this.entries = entries;
  }

  public static Todos empty() {
    return EMPTY;
  }

  public State.Todo get(String todoId) {
    Entry e = todoId == null ? null : entries.get(todoId);
    return e == null ? null : e.todo();
  }

  public boolean contains(String todoId) {
    return todoId != null && entries.containsKey(todoId);
  }

  /** Adds a todo at {@code position} (any number larger than every earlier one, e.g. the list's version). */
  public Todos add(long position, State.Todo todo) {
    return new Todos(entries.plus(todo.todoId(), new Entry(position, todo)));
  }

  /** Replaces a todo that is already there, keeping its place. */
  public Todos replace(State.Todo todo) {
    Entry e = entries.get(todo.todoId());
    return e == null ? this : new Todos(entries.plus(todo.todoId(), new Entry(e.position(), todo)));
  }

  public Todos remove(String todoId) {
    return entries.containsKey(todoId) ? new Todos(entries.minus(todoId)) : this;
  }

  /** The todos in the order they were added. */
  public List<State.Todo> values() {
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(Entry::position));
    List<State.Todo> todos = new ArrayList<>(sorted.size());
    sorted.forEach(e -> todos.add(e.todo()));
    return todos;
  }

  public int size() {
    return entries.size();
  }
}
