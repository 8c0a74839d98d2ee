package dev.eventual.domain;

import java.util.List;
import java.util.Optional;

/**
 * What the decider needs to know, and nothing else: the domain's own port, which the read model implements (and a
 * fork of it, for the decisions of a batch that are not folded yet). The domain imports no other part of Eventual.
 */
public interface Facts {
  Optional<? extends ListFacts> list(String listId);

  Optional<? extends UserFacts> userByName(String username);

  /** A user whose name has the same {@link Visible#look} as {@code username}: its twin to a reader. */
  Optional<? extends UserFacts> userLookingLike(String username);

  /** How many lists (not deleted) the user belongs to: owns or was added to. */
  int listCount(String userId);

  /** The name of a user, or null when there is none. */
  String usernameOf(String userId);

  /** How many lists invite this user and wait for an answer. */
  int invitationsPending(String userId);

  /** What became of a command, once decided (a saga's step looks at the one before it). */
  Optional<? extends OutcomeFacts> outcome(String commandId);

  interface ListFacts {
    String listId();

    String owner();

    List<String> members();

    String name();

    long version();

    /** The version of the event that last set the name (its creation or a rename), and who sent it. */
    long nameVersion();

    String nameBy();

    boolean deleted();

    int todoCount();

    /** The UTF-8 bytes of its todos' texts. */
    long textBytes();

    Optional<? extends TodoFacts> todo(String todoId);

    /** The move of one of its todos to another list, while that saga is under way. */
    Optional<? extends MoveFacts> move(String todoId);

    /** Whether the list invites this user and waits for the answer. */
    boolean invited(String userId);

    /** How often this user declined the list's invitation or left the list, and when last; empty if never. */
    Optional<? extends TurnedDownFacts> turnedDown(String userId);
  }

  /** A user who said no to a list: declined its invitation or left it, {@code times} in all, the last at {@code at}. */
  interface TurnedDownFacts {
    int times();

    String at();
  }

  /** A todo on its way to another list: the saga that moves it, who moves it, and the todo as it was. */
  interface MoveFacts {
    String sagaId();

    String todoId();

    String toListId();

    String actor();

    String text();

    boolean completed();
  }

  interface OutcomeFacts {
    /** started (a saga under way), succeeded, rejected or failed. */
    String status();

    String code();

    String reason();
  }

  interface TodoFacts {
    String todoId();

    String text();

    boolean completed();

    /** The version of the event that last changed the todo: the larger of its fields' versions. */
    long version();

    /** The version of the event that last set the text (or added the todo), and who sent it. */
    long textVersion();

    String textBy();

    long completedVersion();

    String completedBy();
  }

  interface UserFacts {
    String userId();

    String username();
  }
}
