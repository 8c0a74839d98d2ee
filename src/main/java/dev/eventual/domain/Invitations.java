package dev.eventual.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may invite whom, and when not again (README, "Invitations"). Only a list's owner invites. An invitee may have at
 * most {@link #PENDING_PER_USER} invitations waiting for an answer. Someone who declined a list's invitation or left
 * the list may be invited to it again only {@link #QUIET_HOURS} hours after, doubled for each time before (24 h after
 * the first no, 48 h after the second, 96 h after the third, …), so nobody is put back in front of a list at once.
 */
public final class Invitations {
  public static final int PENDING_PER_USER = 20;
  public static final long QUIET_HOURS = 24;
  private static final int MAX_DOUBLINGS = 10;

  private Invitations() {
  }

  /** Why {@code c} may not invite {@code username} to {@code list} now (a rejection), or null when it may. */
  static Event refusal(Facts facts, Command c, Facts.ListFacts list, String username, String now) {
    if (!list.owner().equals(c.actor())) {
      return Decider.reject(facts, c, now, Rejection.FORBIDDEN, "only the owner can invite people to a list");
    }
    Optional<? extends Facts.UserFacts> user = facts.userByName(username);
    if (user.isEmpty()) {
      return Decider.reject(facts, c, now, Rejection.UNKNOWN_USER, "no user named '" + username + "'");
    }
    String userId = user.get().userId();
    if (list.members().contains(userId)) {
      return Decider.reject(facts, c, now, Rejection.ALREADY_MEMBER, username + " is already a member");
    }
    if (list.invited(userId)) {
      return Decider.reject(facts, c, now, Rejection.INVITED, username + " is invited already and has not answered yet");
    }
    Optional<? extends Facts.TurnedDownFacts> no = list.turnedDown(userId);
    if (no.isPresent()) {
      Instant again = again(no.get());
      if (Instant.parse(now).isBefore(again)) {
        return Decider.reject(facts, c, now, Rejection.NOT_AGAIN_YET, username + " said no to this list " + times(no.get().times())
          + "; you may invite them again after " + again);
      }
    }
    if (facts.invitationsPending(userId) >= PENDING_PER_USER) {
      return Decider.reject(facts, c, now, Rejection.TOO_MANY_INVITATIONS, username + " has " + PENDING_PER_USER
        + " invitations waiting for an answer already; try again once they have answered some");
    }
    return null;
  }

  /** When a list that was told no may invite again: {@link #QUIET_HOURS} after the last no, doubled for each before it. */
  static Instant again(Facts.TurnedDownFacts no) {
    long hours = QUIET_HOURS << Math.min(MAX_DOUBLINGS, Math.max(0, no.times() - 1));
    return Instant.parse(no.at()).plus(Duration.ofHours(hours));
  }

  /** Why {@code c} may not accept or decline an invitation to its list (there is none for its author), or null. */
  static Event answerRefusal(Facts facts, Command c, String now) {
    Optional<? extends Facts.ListFacts> list = facts.list(c.listId());
    // No list, a deleted one and one that does not invite you look alike: only an invitee learns of a list.
    return list.isPresent() && !list.get().deleted() && list.get().invited(c.actor()) ? null
      : Decider.reject(facts, c, now, Rejection.NOT_FOUND, "no invitation to that list");
  }

  /** Who hears of an invitation or its answer: the list's members and the invitee. */
  static List<String> audience(Facts.ListFacts list, String invitee) {
    List<String> audience = new ArrayList<>(list.members());
    if (!audience.contains(invitee)) {
      audience.add(invitee);
    }
    return audience;
  }

  private static String times(int n) {
    return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
  }
}
