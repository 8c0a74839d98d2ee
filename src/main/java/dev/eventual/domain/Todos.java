package dev.eventual.domain;

import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

import java.util.Collection;

/**
 * A list's todos, in the order they were added, as a persistent map: adding, changing or removing one todo makes a
 * new value in O(log n) and shares the rest, so folding an event does not copy the whole list.
 */
public final class Todos {
  private static final Todos EMPTY = new Todos(HashTreePMap.empty(), TreePMap.empty());

  private final PMap<String, Long> positions;
  private final PSortedMap<Long, State.Todo> byPosition;

  private Todos(PMap<String, Long> positions, PSortedMap<Long, State.Todo> byPosition) {
    this.positions = positions;
    this.byPosition = byPosition;
  }

  public static Todos empty() {
    return EMPTY;
  }

  public State.Todo get(String todoId) {
    Long position = todoId == null ? null : positions.get(todoId);
    return position == null ? null : byPosition.get(position);
  }

  public boolean contains(String todoId) {
    return todoId != null && positions.containsKey(todoId);
  }

  /** Adds a todo at {@code position} (any number larger than every earlier one, e.g. the list's version). */
  public Todos add(long position, State.Todo todo) {
    return new Todos(positions.plus(todo.todoId(), position), byPosition.plus(position, todo));
  }

  /** Replaces a todo that is already there, keeping its place. */
  public Todos replace(State.Todo todo) {
    Long position = positions.get(todo.todoId());
    return position == null ? this : new Todos(positions, byPosition.plus(position, todo));
  }

  public Todos remove(String todoId) {
    Long position = positions.get(todoId);
    return position == null ? this : new Todos(positions.minus(todoId), byPosition.minus(position));
  }

  public Collection<State.Todo> values() {
    return byPosition.values();
  }

  public int size() {
    return positions.size();
  }
}
