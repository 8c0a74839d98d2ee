package dev.eventual.processor;

import dev.eventual.readmodel.ListView;
import dev.eventual.readmodel.Outcome;
import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Event;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.State;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two deciders of one partition for a moment (a pause, a false heartbeat timeout, the minority side of a network
 * split): decider A has decided a run of commands and appends them while B fences the partition and decides the
 * commands A never saw acked. Whatever the interleaving in the log, the fold ends where one decider alone ends,
 * because A's decisions after B's fence are ignored and B decides their commands again.
 */
class TwoDecidersProperties {
  static final String NOW = "2026-12-01T00:00:00Z";
  static final int PARTITION = 3;

  record Op(int what, int list, int todo, String text, boolean flag) {
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 7), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
        Arbitraries.of(true, false))
      .as(Op::new).list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 300)
  void interleavedDecidersFoldLikeOne(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 0, max = 1000) int cut,
                                      @ForAll @IntRange(min = 0, max = 1000) int decidedByA, @ForAll long seed) {
    String ana = UUID.nameUUIDFromBytes(("ana" + seed).getBytes()).toString();
    List<Command> commands = commands(ops, ana, seed);

    State alone = new State();
    signUp(alone, ana);
    for (Command c : commands) {
      alone.apply(Decider.decide(alone, c, NOW));
    }

    List<Event> log = new ArrayList<>();
    signUpEvent(ana).ifPresentOrElse(log::add, () -> { });
    log.add(Event.fence("fence-A", PARTITION, "a", NOW));
    State folded = new State();
    // A decides a run of commands, each on the state before it (batches acked in turn keep this sequential).
    int m = decidedByA % (commands.size() + 1);
    State aView = new State();
    log.forEach(aView::apply);
    List<Event> byA = new ArrayList<>();
    for (Command c : commands.subList(0, m)) {
      Event e = Decider.decide(aView, c, NOW).fenced(PARTITION, "fence-A");
      aView.apply(e);
      byA.add(e);
    }
    // Some of A's decisions reach the log before B's fence; the rest after it, mixed with B's at random.
    int p = cut % (byA.size() + 1);
    log.addAll(byA.subList(0, p));
    log.add(Event.fence("fence-B", PARTITION, "b", NOW));
    log.forEach(folded::apply);
    int foldedUpTo = log.size();
    List<Event> byB = new ArrayList<>();
    State bView = folded.fork();
    for (Command c : commands) {
      if (bView.outcome(c.commandId()).isPresent()) {
        continue;
      }
      Event e = Decider.decide(bView, c, NOW).fenced(PARTITION, "fence-B");
      bView.apply(e);
      byB.add(e);
    }
    Random random = new Random(seed);
    List<Event> staleA = new ArrayList<>(byA.subList(p, byA.size()));
    int a = 0;
    int b = 0;
    while (a < staleA.size() || b < byB.size()) {
      if (b == byB.size() || a < staleA.size() && random.nextBoolean()) {
        log.add(staleA.get(a++));
      } else {
        log.add(byB.get(b++));
      }
    }
    log.subList(foldedUpTo, log.size()).forEach(folded::apply);

    assertThat(views(folded)).isEqualTo(views(alone));
    assertThat(folded.staleDecisions()).isEqualTo(staleA.size());
    for (Command c : commands) {
      Outcome mine = folded.outcome(c.commandId()).orElseThrow();
      Outcome theirs = alone.outcome(c.commandId()).orElseThrow();
      assertThat(List.of(mine.status(), mine.version(), String.valueOf(mine.code())))
        .isEqualTo(List.of(theirs.status(), theirs.version(), String.valueOf(theirs.code())));
    }
  }

  private static List<String> views(State state) {
    List<String> views = new ArrayList<>();
    state.allLists().stream().sorted((x, y) -> x.listId().compareTo(y.listId()))
      .forEach(l -> views.add(ListView.of(state, l).encode()));
    return views;
  }

  private static List<Command> commands(List<Op> ops, String ana, long seed) {
    List<String> lists = new ArrayList<>();
    List<String> todos = new ArrayList<>();
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String id = UUID.nameUUIDFromBytes(("c" + seed + ":" + i).getBytes()).toString();
      if (lists.isEmpty() || op.what() == 0) {
        lists.add(Ids.listId(id));
        commands.add(new Command(id, Kind.CREATE_LIST, ana, Ids.listId(id), null, new Kind.CreateList("l" + i)));
        continue;
      }
      String listId = lists.get(op.list() % lists.size());
      String todoId = todos.isEmpty() ? Ids.todoId(id) : todos.get(op.todo() % todos.size());
      switch (op.what()) {
        case 1 -> {
          todos.add(Ids.todoId(id));
          commands.add(new Command(id, Kind.ADD_TODO, ana, listId, null, new Kind.AddTodo(op.text())));
        }
        case 2 -> commands.add(new Command(id, Kind.UPDATE_TODO, ana, listId, null,
          op.flag() ? new Kind.UpdateTodo(todoId, null, op.flag()) : new Kind.UpdateTodo(todoId, op.text(), null)));
        case 3 -> commands.add(new Command(id, Kind.DELETE_TODO, ana, listId, null, new Kind.DeleteTodo(todoId)));
        default -> commands.add(new Command(id, Kind.RENAME_LIST, ana, listId, null, new Kind.RenameList(op.text())));
      }
    }
    return commands;
  }

  private static void signUp(State state, String ana) {
    signUpEvent(ana).ifPresent(state::apply);
  }

  private static java.util.Optional<Event> signUpEvent(String ana) {
    return java.util.Optional.of(new Event(Ids.eventId(ana), Kind.SIGN_UP.eventType(), null, 0, ana, ana, List.of(ana), NOW,
      new Kind.UserSignedUp(ana, "ana", "x"), -1));
  }
}
