package dev.eventual.domain;

import java.util.List;

/**
 * The events that end a command without an effect: a rejection by the rules, a message that is no command, a command
 * that failed every attempt. Each goes to its actor alone.
 */
public final class Refusals {
  private Refusals() {
  }

  /** A queue message that is no valid command still ends, as a rejection ({@code invalid}) to whoever sent it. */
  public static Event malformed(Facts facts, Command.Malformed m, String now) {
    return of(facts, m.commandId, m.actor, m.listId, now,
      new Event.CommandRejected(m.type, Rejection.INVALID.code(), "malformed command: " + m.getMessage()));
  }

  public static Event fail(Facts facts, Command c, String now, String reason, int attempts) {
    return of(facts, c.commandId(), c.actor(), c.listId(), now,
      new Event.CommandFailed(c.kind().type(), "failed", reason, attempts));
  }

  /** A refusal of the command {@code commandId} with {@code payload}, at the list version its actor may see. */
  static Event of(Facts facts, String commandId, String actor, String listId, String now, Event.Refusal payload) {
    // A list the actor is no member of has no version to them: 0, as for a list that does not exist (no leak).
    long version = facts.list(listId).filter(l -> l.members().contains(actor)).map(Facts.ListFacts::version).orElse(0L);
    String type = payload instanceof Event.CommandFailed ? Event.FAILED : Event.REJECTED;
    return new Event(Ids.eventId(commandId), type, listId, version, commandId, actor,
      actor == null ? List.of() : List.of(actor), now, payload, -1);
  }
}
