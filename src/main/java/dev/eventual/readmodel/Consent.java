package dev.eventual.readmodel;

import dev.eventual.domain.Facts;

import java.util.HashMap;
import java.util.Map;

/**
 * A list's invitations waiting for an answer ({@code pending}: invitee → who invited, when) and the people who said
 * no to it ({@code turnedDown}: declined its invitation or left it), which the decider reads before inviting again.
 */
public record Consent(Map<String, Invite> pending, Map<String, TurnedDown> turnedDown) {
  public static final Consent NONE = new Consent(Map.of(), Map.of());

  /** An invitation: who sent it, when, at which version of the list. */
  public record Invite(String by, String at, long version) {
  }

  public record TurnedDown(int times, String at) implements Facts.TurnedDownFacts {
  }

  Consent inviting(String userId, Invite invite) {
    Map<String, Invite> next = new HashMap<>(pending);
    next.put(userId, invite);
    return new Consent(Map.copyOf(next), turnedDown);
  }

  /** Without {@code userId}'s invitation; {@code said no} at {@code at} (declined or left) counts once more. */
  Consent answered(String userId, boolean saidNo, String at) {
    Map<String, Invite> next = new HashMap<>(pending);
    next.remove(userId);
    Map<String, TurnedDown> no = turnedDown;
    if (saidNo) {
      no = new HashMap<>(turnedDown);
      TurnedDown before = turnedDown.get(userId);
      no.put(userId, new TurnedDown(before == null ? 1 : before.times() + 1, at));
      no = Map.copyOf(no);
    }
    return next.isEmpty() && no.isEmpty() ? NONE : new Consent(Map.copyOf(next), no);
  }

  /** With no invitation waiting (the list is deleted); who said no is kept. */
  Consent closed() {
    return turnedDown.isEmpty() ? NONE : new Consent(Map.of(), turnedDown);
  }
}
