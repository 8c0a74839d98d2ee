package dev.eventual.html;

import dev.eventual.readmodel.State;
import dev.eventual.readmodel.TodoList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the templates show, read from the read model: plain maps, so a template names nothing of Java. */
public final class Views {
  private Views() {
  }

  /** The lists {@code userId} belongs to: name, id, how many todos are left and how many members. */
  public static List<Map<String, Object>> lists(State state, String userId) {
    List<Map<String, Object>> lists = new ArrayList<>();
    for (TodoList list : state.listsOf(userId)) {
      long left = list.todos().values().stream().filter(t -> !t.completed()).count();
      lists.add(Map.of("listId", list.listId(), "name", list.name(), "left", left, "members", list.members().size()));
    }
    return lists;
  }

  /** The invitations waiting for {@code userId}'s answer: each list's id and name, and who invited. */
  public static List<Map<String, Object>> invitations(State state, String userId) {
    List<Map<String, Object>> invitations = new ArrayList<>();
    state.invitationsOf(userId).stream().sorted().forEach(listId -> state.list(listId)
      .filter(l -> !l.deleted() && l.invited(userId)).ifPresent(l -> invitations.add(Map.of("listId", l.listId(),
        "name", l.name(), "by", state.usernameOf(l.consent().pending().get(userId).by())))));
    return invitations;
  }

  /** One list as its member {@code userId} sees it: its todos in order, its members, who owns it. */
  public static Map<String, Object> list(State state, TodoList list, String userId) {
    List<Map<String, Object>> todos = new ArrayList<>();
    list.todos().values().forEach(todo -> {
      Map<String, Object> t = new HashMap<>();
      t.put("todoId", todo.todoId());
      t.put("text", todo.text());
      t.put("completed", todo.completed());
      t.put("version", todo.version());
      t.put("moving", list.moves().containsKey(todo.todoId()));
      todos.add(t);
    });
    List<Map<String, Object>> members = new ArrayList<>();
    for (String member : list.members()) {
      members.add(Map.of("userId", member, "username", state.usernameOf(member), "owner", member.equals(list.owner()),
        "me", member.equals(userId)));
    }
    long left = todos.stream().filter(t -> !(Boolean) t.get("completed")).count();
    Map<String, Object> view = new HashMap<>();
    view.put("listId", list.listId());
    view.put("name", list.name());
    view.put("version", list.version());
    view.put("owner", list.owner().equals(userId));
    view.put("todos", todos);
    view.put("members", members);
    view.put("left", left);
    return view;
  }
}
