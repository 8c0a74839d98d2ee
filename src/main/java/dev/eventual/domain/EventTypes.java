package dev.eventual.domain;

import java.util.Map;

/** The event types of the log and the frontend {@code action} each maps to. */
public final class EventTypes {
  public static final String USER_SIGNED_UP = "UserSignedUp";
  public static final String LIST_CREATED = "ListCreated";
  public static final String LIST_RENAMED = "ListRenamed";
  public static final String LIST_DELETED = "ListDeleted";
  public static final String MEMBER_ADDED = "MemberAdded";
  public static final String MEMBER_REMOVED = "MemberRemoved";
  public static final String TODO_ADDED = "TodoAdded";
  public static final String TODO_UPDATED = "TodoUpdated";
  public static final String TODO_DELETED = "TodoDeleted";
  public static final String COMMAND_REJECTED = "CommandRejected";
  public static final String COMMAND_FAILED = "CommandFailed";
  /** A marker a node appends and waits to read back: everything before it has then been folded. */
  public static final String FENCE = "Fence";

  private static final Map<String, String> ACTIONS = Map.of(
    USER_SIGNED_UP, "user-signup", LIST_CREATED, "list-create", LIST_RENAMED, "list-rename",
    LIST_DELETED, "list-delete", MEMBER_ADDED, "member-add", MEMBER_REMOVED, "member-remove",
    TODO_ADDED, "todo-create", TODO_UPDATED, "todo-update", TODO_DELETED, "todo-delete");

  private static final Map<String, String> CANONICAL = Map.ofEntries(
    Map.entry(USER_SIGNED_UP, USER_SIGNED_UP), Map.entry(LIST_CREATED, LIST_CREATED), Map.entry(LIST_RENAMED, LIST_RENAMED),
    Map.entry(LIST_DELETED, LIST_DELETED), Map.entry(MEMBER_ADDED, MEMBER_ADDED), Map.entry(MEMBER_REMOVED, MEMBER_REMOVED),
    Map.entry(TODO_ADDED, TODO_ADDED), Map.entry(TODO_UPDATED, TODO_UPDATED), Map.entry(TODO_DELETED, TODO_DELETED),
    Map.entry(COMMAND_REJECTED, COMMAND_REJECTED), Map.entry(COMMAND_FAILED, COMMAND_FAILED), Map.entry(FENCE, FENCE));

  private EventTypes() {
  }

  /** The constant spelled like {@code type} (so switches on it find a cached hash), or {@code type} itself. */
  public static String canonical(String type) {
    return type == null ? null : CANONICAL.getOrDefault(type, type);
  }

  public static String action(Event event) {
    if (event.type().equals(COMMAND_REJECTED) || event.type().equals(COMMAND_FAILED)) {
      return CommandTypes.action(event.payload().getString("commandType"));
    }
    return ACTIONS.getOrDefault(event.type(), event.type());
  }
}
