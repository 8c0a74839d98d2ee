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

  /** What a command would add: a list for a person, a member by name, a todo's text, or an edit of a todo's text. */
  public record Growth(String listFor, String member, String todoText, String editOf, String editText) {
    public static Growth list(String userId) {
      return new Growth(userId, null, null, null, null);
    }

    public static Growth member(String username) {
      return new Growth(null, username, null, null, null);
    }

    public static Growth todo(String text) {
      return new Growth(null, null, text, null, null);
    }

    public static Growth edit(String todoId, String text) {
      return new Growth(null, null, null, todoId, text);
    }
  }

  /** Why {@code growth} of {@code list} (null for a new list) would pass a limit, or empty. */
  Optional<String> refusal(Facts facts, Facts.ListFacts list, Growth growth) {
    if (growth.listFor() != null) {
      int lists = facts.listCount(growth.listFor());
      return Optional.ofNullable(lists < listsPerUser ? null : "you belong to " + lists
        + " lists, the most one person may (limits.listsPerUser = " + listsPerUser + "); delete or leave one first");
    }
    if (growth.member() != null) {
      Optional<? extends Facts.UserFacts> user = facts.userByName(growth.member());
      return Optional.ofNullable(list.members().size() >= membersPerList ? "'" + list.name() + "' has "
        + list.members().size() + " members, the most a list may have (limits.membersPerList = " + membersPerList + ")"
        : user.isPresent() && facts.listCount(user.get().userId()) >= listsPerUser ? growth.member()
        + " belongs to as many lists as one person may (limits.listsPerUser = " + listsPerUser + ")" : null);
    }
    if (growth.todoText() != null) {
      return Optional.ofNullable(adding(list, growth.todoText()));
    }
    Optional<? extends Facts.TodoFacts> todo = growth.editText() == null ? Optional.empty() : list.todo(growth.editOf());
    return todo.map(t -> bytes(list, list.textBytes() - utf8Length(t.text()) + utf8Length(growth.editText())));
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
