package dev.eventual.domain;

import java.util.Optional;

/**
 * What one list and one person may hold, checked where a command is decided: a list's todos, the bytes of their
 * texts and its members are decided by the list's one writer, so neither two nodes nor two commands at once can pass
 * them. A refusal names the limit by its configuration key and value ({@link Rejection#LIMIT}).
 */
public record Limits(int todosPerList, int textBytesPerList, int membersPerList, int listsPerUser) {
  /** No limits: what a decision of the log's past is replayed under in tests of the log's bytes. */
  public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** Why {@code c} would pass a limit of {@code list} (null for a command that makes a list), or empty. */
  Optional<String> refusal(Facts facts, Command c, Facts.ListFacts list) {
    return Optional.ofNullable(switch (c.kind()) {
      case CREATE_LIST -> facts.listCount(c.actor()) >= listsPerUser ? "you belong to " + facts.listCount(c.actor())
        + " lists, the most one person may (limits.listsPerUser = " + listsPerUser + "); delete or leave one first" : null;
      case ADD_MEMBER -> {
        String name = ((Kind.AddMember) c.body()).username();
        Optional<? extends Facts.UserFacts> user = facts.userByName(name);
        yield list.members().size() >= membersPerList ? "'" + list.name() + "' has " + list.members().size()
          + " members, the most a list may have (limits.membersPerList = " + membersPerList + ")"
          : user.isPresent() && facts.listCount(user.get().userId()) >= listsPerUser ? name
          + " belongs to as many lists as one person may (limits.listsPerUser = " + listsPerUser + ")" : null;
      }
      case ADD_TODO -> adding(list, ((Kind.AddTodo) c.body()).text());
      case RESTORE_TODO -> adding(list, ((Kind.RestoreTodo) c.body()).text());
      case ACCEPT_MOVE -> adding(list, ((Kind.AcceptMove) c.body()).text());
      case UPDATE_TODO -> {
        Kind.UpdateTodo u = (Kind.UpdateTodo) c.body();
        Optional<? extends Facts.TodoFacts> todo = list.todo(u.todoId());
        yield u.text() == null || todo.isEmpty() ? null
          : bytes(list, list.textBytes() - utf8Length(todo.get().text()) + utf8Length(u.text()));
      }
      default -> null;
    });
  }

  private String adding(Facts.ListFacts list, String text) {
    return list.todoCount() >= todosPerList ? "'" + list.name() + "' has " + list.todoCount()
      + " todos, the most a list may have (limits.todosPerList = " + todosPerList + ")"
      : bytes(list, list.textBytes() + utf8Length(text));
  }

  private String bytes(Facts.ListFacts list, long after) {
    return after <= textBytesPerList ? null : "the todos of '" + list.name() + "' would hold " + after
      + " bytes of text, more than a list may (limits.textBytesPerList = " + textBytesPerList + ")";
  }

  /** The length of {@code text} in UTF-8, without encoding it. */
  public static int utf8Length(CharSequence text) {
    if (text == null) {
      return 0;
    }
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 0x80) {
        bytes++;
      } else if (ch < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
