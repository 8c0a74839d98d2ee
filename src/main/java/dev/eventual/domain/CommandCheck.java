package dev.eventual.domain;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * The processor's own check of a command's shape. The HTTP layer validates first, but anything can sit in a queue,
 * and nothing malformed may reach the log: a command that fails here is rejected as {@code invalid}.
 */
public final class CommandCheck {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");

  private CommandCheck() {
  }

  /** Why the command is malformed, or null when it is fine. */
  public static String problem(Command c) {
    JsonObject f = c.fields();
    if (c.actor() == null) {
      return "no actor";
    }
    if (!CommandTypes.SIGN_UP.equals(c.type()) && c.listId() == null) {
      return "no listId";
    }
    return switch (c.type()) {
      case CommandTypes.SIGN_UP -> f.getValue("username") instanceof String u && USERNAME.matcher(u).matches()
        && f.getValue("credential") instanceof String ? null : "username or credential malformed";
      case CommandTypes.CREATE_LIST, CommandTypes.RENAME_LIST -> text(f, "name", 200);
      case CommandTypes.ADD_MEMBER -> f.getValue("username") instanceof String ? null : "username must be a string";
      case CommandTypes.REMOVE_MEMBER -> f.getValue("userId") instanceof String ? null : "userId must be a string";
      case CommandTypes.ADD_TODO -> text(f, "text", 500);
      case CommandTypes.DELETE_TODO -> f.getValue("todoId") instanceof String ? null : "todoId must be a string";
      case CommandTypes.UPDATE_TODO -> {
        if (!(f.getValue("todoId") instanceof String)) {
          yield "todoId must be a string";
        }
        if (f.getValue("completed") != null && !(f.getValue("completed") instanceof Boolean)) {
          yield "completed must be true or false";
        }
        if (f.getValue("text") == null && f.getValue("completed") == null) {
          yield "nothing to update";
        }
        yield f.getValue("text") == null ? null : text(f, "text", 500);
      }
      case CommandTypes.DELETE_LIST -> null;
      default -> "unknown command type " + c.type();
    };
  }

  private static String text(JsonObject f, String field, int max) {
    Object value = f.getValue(field);
    return value instanceof String s && !s.isBlank() && s.codePointCount(0, s.length()) <= max
      ? null : field + " must be a string of 1 to " + max + " characters";
  }
}
