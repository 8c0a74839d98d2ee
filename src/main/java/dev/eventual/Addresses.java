package dev.eventual;

/**
 * Every event-bus address of a node, in one place. Only {@code user.<userId>} ever crosses the SockJS bridge
 * (outbound, and only to that user's own sockets); everything else is node-internal.
 */
public final class Addresses {
  /** Outbound to the browser: the frontend message of every event in which the user is in the audience. */
  public static final String USER_PREFIX = "user.";
  /** Regex of the only addresses the bridge lets out; a user id is a UUID. */
  public static final String USER_REGEX = "user\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  /** Each folded event with its audience and frontend message, for the socket router. */
  public static final String FOLDED = "eventual.internal.folded";
  /** The outcome of one command, once folded into the read model. */
  public static final String OUTCOME_PREFIX = "eventual.internal.outcome.";
  /** The new version of one list, once folded. */
  public static final String LIST_PREFIX = "eventual.internal.list.";
  /** Presence beats received from the broker, for the presence tracker. */
  public static final String PRESENCE = "eventual.internal.presence";
  /** A fence marker, once folded. */
  public static final String FENCE_PREFIX = "eventual.internal.fence.";

  private Addresses() {
  }

  public static String user(String userId) {
    return USER_PREFIX + userId;
  }

  public static String outcome(String commandId) {
    return OUTCOME_PREFIX + commandId;
  }

  public static String list(String listId) {
    return LIST_PREFIX + listId;
  }

  public static String fence(String fenceId) {
    return FENCE_PREFIX + fenceId;
  }
}
