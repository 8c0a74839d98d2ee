package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import dev.eventual.domain.Facts;
import dev.eventual.readmodel.storage.TodoTrie;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A list; {@code moves} are the sagas moving its todos away, by todoId (empty but while one is under way). */
public record TodoList(String listId, String name, String owner, List<String> members,
                       TodoTrie todos, long version, boolean deleted, long nameVersion, String nameBy,
                       Map<String, Move> moves)
  implements Facts.ListFacts {
  public boolean isMember(String userId) {
    return !deleted && members.contains(userId);
  }

  @Override
  public int todoCount() {
    return todos.size();
  }

  @Override
  public long textBytes() {
    return todos.textBytes();
  }

  @Override
  public Optional<Todo> todo(String todoId) {
    return Optional.ofNullable(todos.get(todoId));
  }

  @Override
  public Optional<Move> move(String todoId) {
    return Optional.ofNullable(moves.get(todoId));
  }

  TodoList with(long newVersion, String newName, List<String> newMembers, TodoTrie newTodos, boolean gone) {
    return new TodoList(listId, newName, owner, newMembers == members ? members : List.copyOf(newMembers), newTodos,
      newVersion, gone, nameVersion, nameBy, moves);
  }

  static TodoList created(String listId, String name, Event event) {
    return new TodoList(listId, name, event.actor(), List.of(event.actor()), TodoTrie.empty(), event.version(), false,
      event.version(), event.actor(), Map.of());
  }

  /** With {@code userId} added as a member, or removed. */
  TodoList withMember(long newVersion, String userId, boolean added) {
    List<String> next = new java.util.ArrayList<>(members);
    if (added) {
      next.add(userId);
    } else {
      next.remove(userId);
    }
    return with(newVersion, name, next, todos, false);
  }

  TodoList withTodos(long newVersion, TodoTrie newTodos) {
    return with(newVersion, name, members, newTodos, false);
  }

  /** With a new todo, after the others. */
  TodoList adding(long newVersion, Todo todo) {
    return withTodos(newVersion, todos.add(newVersion, todo));
  }

  TodoList renamed(String newName, Event event) {
    return new TodoList(listId, newName, owner, members, todos, event.version(), false, event.version(), event.actor(),
      moves);
  }

  /** With the todo gone to another list, and its move over. */
  TodoList movedOut(long newVersion, String todoId) {
    return moving(newVersion, todoId, null, todos.remove(todoId));
  }

  /** With a move started ({@code move} given) or ended (null) for {@code todoId}; the list may have been deleted since. */
  TodoList moving(long newVersion, String todoId, Move move, TodoTrie newTodos) {
    Map<String, Move> next = new java.util.HashMap<>(moves);
    if (move == null) {
      next.remove(todoId);
    } else {
      next.put(todoId, move);
    }
    return new TodoList(listId, name, owner, members, newTodos, newVersion, deleted, nameVersion, nameBy, Map.copyOf(next));
  }
}
