package dev.eventual.readmodel.storage;

import dev.eventual.readmodel.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeIndexTest {

  /** Even commands have UUIDs for ids (kept as two longs), odd ones other text (kept as text). */
  static String commandId(int i) {
    return i % 2 == 0 ? new UUID(i, ~i).toString() : "command-" + i;
  }

  static Outcome outcome(int i, String status) {
    return new Outcome(commandId(i), "AddTodo", "actor", "list", status, i, i % 3 == 0 ? "code" : null,
      i % 3 == 0 ? "reason " + i : null, i, 31L * i + 7);
  }

  @Test
  @DisplayName("every outcome put is found again through many resizes, and a second put for a command replaces the first")
  void putAndGet() {
    OutcomeIndex outcomes = new OutcomeIndex();
    for (int i = 0; i < 100_000; i++) {
      outcomes.put(outcome(i, "succeeded"), 0);
    }
    outcomes.put(outcome(77, "rejected"), 0);
    outcomes.put(outcome(78, "rejected"), 0);
    for (int i = 0; i < 100_000; i++) {
      assertThat(outcomes.get(commandId(i))).isEqualTo(outcome(i, i == 77 || i == 78 ? "rejected" : "succeeded"));
    }
    assertThat(outcomes.get(commandId(100_000))).isNull();
    assertThat(outcomes.get(commandId(100_001))).isNull();
    assertThat(outcomes.get(commandId(2).toUpperCase())).as("an id is its exact text").isNull();
  }

  @Test
  @DisplayName("outcomes put while the index waits are all found once it is built, a later one for a command winning")
  void deferredIndex() {
    OutcomeIndex outcomes = new OutcomeIndex();
    outcomes.put(outcome(0, "succeeded"), 0);
    outcomes.defer();
    for (int i = 1; i < 50_000; i++) {
      outcomes.put(outcome(i, "succeeded"), 0);
    }
    outcomes.put(outcome(7, "rejected"), 0);
    outcomes.put(outcome(8, "failed"), 0);
    outcomes.indexDeferred();
    outcomes.put(outcome(50_000, "succeeded"), 0);
    outcomes.put(outcome(8, "rejected"), 0);
    for (int i = 0; i <= 50_000; i++) {
      assertThat(outcomes.get(commandId(i))).isEqualTo(outcome(i, i == 7 || i == 8 ? "rejected" : "succeeded"));
    }
  }

  @Test
  @DisplayName("a saga's end, which knows no fingerprint, keeps the one its first step's outcome had, indexed at once or after a replay")
  void sagaEndKeepsTheFingerprint() {
    for (boolean deferred : new boolean[] {false, true}) {
      OutcomeIndex index = new OutcomeIndex();
      if (deferred) {
        index.defer();
      }
      String id = UUID.randomUUID().toString();
      index.put(new Outcome(id, "MoveTodo", "ana", "list", Outcome.STARTED, 3, null, null, 7, 42), 1);
      index.put(outcome(1, "succeeded"), 1);
      index.put(new Outcome(id, "MoveTodo", "ana", "list", "succeeded", 5, null, null, 9, 0), 2);
      if (deferred) {
        index.indexDeferred();
      }
      assertThat(index.get(id).status()).isEqualTo("succeeded");
      assertThat(index.get(id).fingerprint()).as(deferred ? "after a replay" : "at once").isEqualTo(42);
    }
  }

  @Test
  @DisplayName("a reader on another thread finds every outcome the writer has finished putting, while it keeps putting")
  void readersSeeFinishedPuts() throws Exception {
    OutcomeIndex outcomes = new OutcomeIndex();
    AtomicLong done = new AtomicLong(-1);
    int total = 300_000;
    CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
      long checked = 0;
      long last;
      do {
        last = done.get();
        for (int probe = 0; probe < 64 && last >= 0; probe++) {
          int i = (int) (Math.random() * (last + 1));
          if (outcomes.get(commandId(i)) == null) {
            throw new AssertionError("outcome " + i + " missing after it was put (writer at " + last + ")");
          }
          checked++;
        }
      } while (last < total - 1);
      return checked;
    });
    for (int i = 0; i < total; i++) {
      outcomes.put(outcome(i, "succeeded"), 0);
      done.set(i);
    }
    assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  @DisplayName("retention: only outcomes decided at or after the cutoff, and sagas under way, are kept; what is added meanwhile carries over")
  void retention() throws Exception {
    OutcomeIndex outcomes = new OutcomeIndex();
    for (int i = 0; i < 10_000; i++) {
      outcomes.put(outcome(i, i == 5 ? Outcome.STARTED : "succeeded"), 1_000 + i);
    }
    outcomes.put(outcome(3, "rejected"), 20_000); // a later outcome for an old command is as new as it is
    OutcomeIndex.View view = outcomes.view();
    OutcomeIndex kept = CompletableFuture.supplyAsync(() -> OutcomeIndex.kept(view, 1_000 + 9_000)).get(30, TimeUnit.SECONDS);
    for (int i = 10_000; i < 10_100; i++) { // folded while the kept ones were picked on another thread
      outcomes.put(outcome(i, "succeeded"), 1_000 + i);
    }
    outcomes.addSince(view, kept);

    for (int i = 0; i < 10_100; i++) {
      Outcome expected = i == 3 ? outcome(3, "rejected") : i == 5 ? outcome(5, Outcome.STARTED)
        : i >= 9_000 ? outcome(i, "succeeded") : null;
      assertThat(kept.get(commandId(i))).as("outcome %d", i).isEqualTo(expected);
    }
    assertThat(kept.oldestAt()).isEqualTo(1_005);
  }
}
