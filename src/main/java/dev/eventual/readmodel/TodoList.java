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
                       Map<String, Move> moves, Consent consent)
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
      newVersion, gone, nameVersion, nameBy, moves, gone ? consent.closed() : consent);
  }

  static TodoList created(String listId, String name, Event event) {
    return new TodoList(listId, name, event.actor(), List.of(event.actor()), TodoTrie.empty(), event.version(), false,
      event.version(), event.actor(), Map.of(), Consent.NONE);
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

  /** With its invitations and who said no to it as {@code next}; members as {@code newMembers}. */
  TodoList consenting(long newVersion, List<String> newMembers, Consent next) {
    return new TodoList(listId, name, owner, List.copyOf(newMembers), todos, newVersion, deleted, nameVersion, nameBy, moves, next);
  }

  /** {@code userId} answered the invitation or left: a member if {@code joined}, invited no more, a no counted if {@code saidNo}. */
  TodoList answered(long newVersion, String userId, boolean joined, boolean saidNo, String at) {
    TodoList t = joined ? withMember(newVersion, userId, true) : this;
    return t.consenting(newVersion, t.members(), consent.answered(userId, saidNo, at));
  }

  @Override
  public boolean invited(String userId) {
    return consent.pending().containsKey(userId);
  }

  @Override
  public Optional<Consent.TurnedDown> turnedDown(String userId) {
    return Optional.ofNullable(consent.turnedDown().get(userId));
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
      moves, consent);
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
    return new TodoList(listId, name, owner, members, newTodos, newVersion, deleted, nameVersion, nameBy, Map.copyOf(next), consent);
  }
}
