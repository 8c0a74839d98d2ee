package dev.eventual.domain;

import java.util.Map;

/** The command types a client can send, and the frontend {@code action} of each. */
public final class CommandTypes {
  public static final String SIGN_UP = "SignUp";
  public static final String CREATE_LIST = "CreateList";
  public static final String RENAME_LIST = "RenameList";
  public static final String DELETE_LIST = "DeleteList";
  public static final String ADD_MEMBER = "AddMember";
  public static final String REMOVE_MEMBER = "RemoveMember";
  public static final String ADD_TODO = "AddTodo";
  public static final String UPDATE_TODO = "UpdateTodo";
  public static final String DELETE_TODO = "DeleteTodo";

  private static final Map<String, String> ACTIONS = Map.of(
    SIGN_UP, "user-signup", CREATE_LIST, "list-create", RENAME_LIST, "list-rename", DELETE_LIST, "list-delete",
    ADD_MEMBER, "member-add", REMOVE_MEMBER, "member-remove", ADD_TODO, "todo-create",
    UPDATE_TODO, "todo-update", DELETE_TODO, "todo-delete");

  private CommandTypes() {
  }

  public static String action(String commandType) {
    return ACTIONS.getOrDefault(commandType, commandType);
  }
}
