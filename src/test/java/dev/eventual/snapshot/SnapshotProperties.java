package dev.eventual.snapshot;

import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Event;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.CapturedState;
import dev.eventual.readmodel.ListView;
import dev.eventual.readmodel.State;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot taken anywhere in a log, written, read back and followed by the rest of the log, folds to exactly what
 * the whole log folds to: lists, todos (restored ones too) with their field versions, members, deleted lists, sagas under way, users,
 * ended sessions, fences, ignored stale decisions, and every command's outcome.
 */
class SnapshotProperties {
  static final String NOW = "2026-12-01T00:00:00Z";
  static final String NS = "snapshot-properties";
  static final String STREAM = NS + ".events";

  record Op(int what, int list, int todo, String text, boolean flag) {
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.integers().between(0, 14), Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 9), Arbitraries.strings().withCharRange(' ', '\u00ff').ofMinLength(1).ofMaxLength(8),
        Arbitraries.of(true, false))
      .as(Op::new).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 200)
  void snapshotThenTailFoldsLikeTheWholeLog(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 0, max = 1000) int cut,
                                            @ForAll long seed) throws Exception {
    List<Event> log = log(ops, seed);
    State whole = new State();
    log.forEach(whole::apply);

    int at = 1 + cut % log.size();
    State before = new State();
    log.subList(0, at).forEach(before::apply);
    Path file = Files.createTempFile("snapshot", ".bin");
    try {
      CapturedState captured = before.capture();
      try (OutputStream out = Files.newOutputStream(file)) {
        SnapshotFile.write(out, SnapshotFile.Header.of(NS, STREAM, captured, NOW), captured, Long.MIN_VALUE);
      }
      SnapshotFile.Restored restored = SnapshotFile.read(file, NS, STREAM);
      assertThat(restored.header().cursor()).isEqualTo(at - 1);
      assertThat(restored.header().eventId()).isEqualTo(log.get(at - 1).eventId());
      State resumed = new State();
      resumed.deferOutcomeIndex();
      restored.into(resumed);
      log.subList(at, log.size()).forEach(resumed::apply);
      resumed.indexOutcomes();

      assertThat(dump(resumed, log)).isEqualTo(dump(whole, log));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Example
  @Label("the schema a snapshot is written for names each kind's event with its fields: change an event, and older snapshots are refused")
  void schemaNamesEveryEventsFields() {
    String shape = SnapshotCodec.shape(SnapshotFile.FORMAT);
    for (Kind k : Kind.values()) {
      StringBuilder fields = new StringBuilder("|" + k.name() + ">" + k.eventType());
      Arrays.stream(k.event().getRecordComponents()).forEach(c -> fields.append(',').append(c.getName()).append(':')
        .append(c.getType().getSimpleName()));
      assertThat(shape + "|").contains(fields + "|");
    }
    assertThat(shape).contains("|UPDATE_TODO>TodoUpdated,todoId:String,text:String,completed:Boolean|");
  }

  /** Everything the fold keeps, in a form that compares by value. */
  static List<Object> dump(State s, List<Event> log) {
    List<Object> d = new ArrayList<>(List.of(s.cursor(), String.valueOf(s.cursorEventId()), s.eventCount(), s.staleDecisions(),
      s.sessionsEnded()));
    s.allLists().stream().sorted((x, y) -> x.listId().compareTo(y.listId())).forEach(l -> d.add(List.of(l.listId(), l.name(),
      l.owner(), l.members(), l.version(), l.deleted(), l.nameVersion(), String.valueOf(l.nameBy()), l.moves(), l.todos().values(),
      ListView.of(s, l).encode(), l.consent())));
    for (Event e : log) {
      d.add(String.valueOf(s.outcome(e.commandId()).orElse(null)));
      d.add(String.valueOf(s.outcome((String) e.payloadMap().get("sagaId")).orElse(null)));
      d.add(String.valueOf(s.user(e.actor()).orElse(null)));
      d.add(new java.util.TreeSet<>(s.invitationsOf(String.valueOf(e.actor()))));
      d.add(s.sessionEnded(String.valueOf(e.payloadMap().get("sessionId"))));
    }
    for (int p = 0; p < 4; p++) {
      d.add(String.valueOf(s.fence(p)));
    }
    return d;
  }

  /** The log a run of commands makes, decided one by one against the fold, with fences and a stale decider in it. */
  static List<Event> log(List<Op> ops, long seed) {
    State state = new State();
    List<Event> log = new ArrayList<>();
    String ana = UUID.nameUUIDFromBytes(("ana" + seed).getBytes()).toString();
    String ben = UUID.nameUUIDFromBytes(("ben" + seed).getBytes()).toString();
    for (String user : List.of(ana, ben)) {
      append(state, log, Decider.decide(state, new Command(user, Kind.SIGN_UP, user, null, null,
        new Kind.SignUp(user.equals(ana) ? "ana" + seed : "ben" + seed, "pbkdf2$x")), NOW));
    }
    List<String> lists = new ArrayList<>();
    List<String> todos = new ArrayList<>();
    String fence = null;
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String id = UUID.nameUUIDFromBytes(("c" + seed + ":" + i).getBytes()).toString();
      String actor = op.flag() && op.what() % 2 == 0 ? ben : ana;
      if (lists.isEmpty() || op.what() == 0) {
        lists.add(Ids.listId(id));
        append(state, log, Decider.decide(state, new Command(id, Kind.CREATE_LIST, actor, Ids.listId(id), null,
          new Kind.CreateList("l" + i)), NOW));
        continue;
      }
      String listId = lists.get(op.list() % lists.size());
      String other = lists.get((op.list() + 1) % lists.size());
      String todoId = todos.isEmpty() ? Ids.todoId(id) : todos.get(op.todo() % todos.size());
      Kind.Body body;
      Kind kind;
      switch (op.what()) {
        case 1, 2 -> {
          todos.add(Ids.todoId(id));
          kind = Kind.ADD_TODO;
          body = new Kind.AddTodo(op.text());
        }
        case 3 -> {
          kind = Kind.UPDATE_TODO;
          body = op.flag() ? new Kind.UpdateTodo(todoId, null, op.todo() % 2 == 0) : new Kind.UpdateTodo(todoId, op.text(), null);
        }
        case 4 -> {
          kind = Kind.DELETE_TODO;
          body = new Kind.DeleteTodo(todoId);
        }
        case 5 -> {
          kind = Kind.RENAME_LIST;
          body = new Kind.RenameList(op.text());
        }
        case 6 -> {
          kind = Kind.ADD_MEMBER;
          body = new Kind.AddMember("ben" + seed);
        }
        case 7 -> {
          kind = Kind.REMOVE_MEMBER;
          body = new Kind.RemoveMember(ben);
          actor = op.flag() ? ben : ana; // ben leaving is a no that counts against a new invitation
        }
        case 12 -> {
          kind = Kind.INVITE_MEMBER;
          body = new Kind.InviteMember("ben" + seed);
          actor = ana;
        }
        case 13, 14 -> { // ben answers: yes, or no
          kind = op.what() == 13 ? Kind.ACCEPT_INVITATION : Kind.DECLINE_INVITATION;
          body = op.what() == 13 ? new Kind.AcceptInvitation() : new Kind.DeclineInvitation();
          actor = ben;
        }
        case 8 -> {
          kind = Kind.DELETE_LIST;
          body = new Kind.DeleteList();
        }
        case 9 -> {
          kind = Kind.MOVE_TODO;
          body = new Kind.MoveTodo(todoId, other);
        }
        case 11 -> { // put back: refused while it is there, as it was once deleted
          kind = Kind.RESTORE_TODO;
          body = new Kind.RestoreTodo(todoId, op.text(), op.flag());
        }
        case 10 -> { // a partition changes hands; with the flag, the old decider's next decision lands after it
          String next = "fence-" + i;
          append(state, log, Event.fence(next, 0, "node-" + i, NOW));
          if (op.flag() && fence != null) {
            Command late = new Command(id, Kind.ADD_TODO, ana, listId, null, new Kind.AddTodo("late " + op.text()));
            append(state, log, Decider.decide(state.fork(), late, NOW).fenced(0, fence));
          }
          fence = next;
          continue;
        }
        default -> {
          String sessionId = UUID.nameUUIDFromBytes(("s" + id).getBytes()).toString();
          append(state, log, Decider.decide(state, new Command(Ids.sessionEndId(sessionId), Kind.END_SESSION, actor, null, null,
            new Kind.EndSession(sessionId, 1_900_000_000L)), NOW));
          continue;
        }
      }
      Command command = new Command(id, kind, actor, listId, null, body);
      Event decided = append(state, log, Decider.decide(state, command, NOW));
      // A move goes on step by step, as the partitions of its lists would drive it; unless the flag leaves it under way.
      Command step = command;
      for (Event e = decided; e != null && kind == Kind.MOVE_TODO && !op.flag(); ) {
        Optional<Command> next = Decider.next(state, step);
        if (next.isEmpty()) {
          break;
        }
        step = next.get();
        e = append(state, log, Decider.decide(state, step, NOW));
      }
    }
    return log;
  }

  private static Event append(State state, List<Event> log, Event decided) {
    Event e = new Event(decided.eventId(), decided.type(), decided.listId(), decided.version(), decided.commandId(),
      decided.actor(), decided.audience(), decided.at(), decided.payload(), log.size(), decided.partition(), decided.fence());
    log.add(e);
    state.apply(e);
    return e;
  }
}
