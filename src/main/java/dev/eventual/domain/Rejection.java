package dev.eventual.domain;

/** Why a command was rejected: a stable code and the HTTP status it maps to. */
public enum Rejection {
  NOT_FOUND("not_found", 404),
  FORBIDDEN("forbidden", 403),
  VERSION_CONFLICT("version_conflict", 409),
  USERNAME_TAKEN("username_taken", 409),
  ALREADY_MEMBER("already_member", 409),
  /** A todo put back under an id that a todo of the list has now. */
  EXISTS("exists", 409),
  /** The todo is being moved to another list: nothing else may change it until the move ends. */
  MOVING("moving", 409),
  /** Invited already, and no answer yet. */
  INVITED("invited", 409),
  /** The invitee declined this list's invitation or left it, too recently to be invited again (Invitations). */
  NOT_AGAIN_YET("not_again_yet", 422),
  /** The invitee has as many invitations waiting as anyone may. */
  TOO_MANY_INVITATIONS("too_many_invitations", 422),
  UNKNOWN_USER("unknown_user", 422),
  /** It would pass one of a list's or a person's limits ({@link Limits}): the reason names it and its value. */
  LIMIT("limit_reached", 422),
  INVALID("invalid", 422);

  private final String code;
  private final int status;

  Rejection(String code, int status) {
    this.code = code;
    this.status = status;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public static int statusOf(String code) {
    for (Rejection r : values()) {
      if (r.code.equals(code)) {
        return r.status;
      }
    }
    return 500;
  }
}
