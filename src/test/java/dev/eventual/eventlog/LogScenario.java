package dev.eventual.eventlog;

import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Refusals;
import dev.eventual.domain.Event;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.State;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A log with every kind of entry the app writes (each event kind, every shape of rejection, failures, both fences,
 * decisions under a fence and under a stale one, an event of a kind from a newer node), decided and encoded by the
 * code of the day. The fixture {@code events-v1.jsonl} holds its bytes as the code before typed events wrote them.
 */
final class LogScenario {
  static final String NOW = "2026-12-03T11:02:00.125Z";

  private final State state = new State();
  final List<byte[]> log = new ArrayList<>();
  private int n;

  private String id() {
    return UUID.nameUUIDFromBytes(("scenario-" + n++).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private Event decide(Command c) {
    return append(Decider.decide(state, c, NOW));
  }

  private Event append(Event e) {
    Event read = readBack(encode(e));
    state.apply(read);
    return read;
  }

  private Event readBack(byte[] bytes) {
    try {
      Event read = new EventReader().read(bytes, 0, bytes.length, log.size());
      log.add(bytes);
      return read;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Command command(String actor, Kind kind, String listId, Kind.Body body) {
    return command(actor, kind, listId, body, null);
  }

  private Command command(String actor, Kind kind, String listId, Kind.Body body, Long expected) {
    String commandId = id();
    return new Command(commandId, kind, actor, listId == null ? Ids.listId(commandId) : listId, expected, body);
  }

  private String signUp(String name) {
    String commandId = id();
    decide(new Command(commandId, Kind.SIGN_UP, Ids.userId(commandId), null, null,
      new Kind.SignUp(name, "pbkdf2$310000$c2FsdA==$aGFzaA==")));
    return Ids.userId(commandId);
  }

  private Command saga(Command c) {
    return Decider.next(state, c).orElseThrow();
  }

  // The adapters: the only lines that change with the shape of Event and Command.

  static byte[] encode(Event e) {
    return EventWriter.json(e).getBytes();
  }

  private Event malformedWithoutType(String commandId, String actor, String listId) {
    try {
      Command.fromMap(Map.of("commandId", commandId, "actor", actor, "listId", listId));
      throw new IllegalStateException("not malformed");
    } catch (Command.Malformed m) {
      return append(Refusals.malformed(state, m, NOW));
    }
  }

  private Event malformedFields(String commandId, String actor, String listId) {
    try {
      Command.fromMap(Map.of("commandId", commandId, "type", "AddTodo", "actor", actor, "listId", listId,
        "fields", Map.of("text", "a\u0007b")));
      throw new IllegalStateException("not malformed");
    } catch (Command.Malformed m) {
      return append(Refusals.malformed(state, m, NOW));
    }
  }

  /** The fence a node's event log appends to learn it has caught up: its id alone. */
  private Event readModelFence(String eventId, String fenceId) {
    return append(new Event(eventId, Event.FENCE, null, 0, null, null, List.of(), NOW, new Event.Fence(fenceId, null, null), -1));
  }

  private Event partitionFence(String eventId, String fenceId, int partition) {
    Event f = Event.fence(fenceId, partition, "node-a", NOW);
    return append(new Event(eventId, f.type(), f.listId(), f.version(), f.commandId(), f.actor(), f.audience(), f.at(),
      f.payload(), -1));
  }

  /** An event of a kind a newer node knows and this one does not. */
  private Event fromNewerNode(String commandId, String actor, String listId, long version) {
    Map<String, Object> by = new LinkedHashMap<>();
    by.put("at", List.of(1, 2.5));
    by.put("none", null);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("todoId", commandId);
    fields.put("starred", true);
    fields.put("by", by);
    return append(new Event(Ids.eventId(commandId), "TodoStarred", listId, version, commandId, actor, List.of(actor), NOW,
      new Event.Unknown(fields), -1));
  }

  private Event fenced(Command c, int partition, String fenceId) {
    return append(Decider.decide(state, c, NOW).fenced(partition, fenceId));
  }

  private Event failed(Command c, int attempts) {
    return append(Refusals.fail(state, c, NOW, "broker unavailable: \"connection reset\"", attempts));
  }

  /** Runs the scenario; the log is in {@link #log}. */
  LogScenario run() {
    String ana = signUp("ana");
    String bob = signUp("bob");
    String eve = signUp("eve.x-1");
    decide(new Command(Ids.sessionEndId("session-1"), Kind.END_SESSION, ana, null, null,
      new Kind.EndSession("8d7f3c1e-0b4a-4f6e-9a53-2f0c1d9e7b11", 1_893_456_000L)));
    Command create = command(ana, Kind.CREATE_LIST, null, new Kind.CreateList("Groceries"));
    String groceries = decide(create).listId();
    String work = decide(command(ana, Kind.CREATE_LIST, null, new Kind.CreateList("Work ✓"))).listId();
    String bobs = decide(command(bob, Kind.CREATE_LIST, null, new Kind.CreateList("Bob's"))).listId();
    decide(command(ana, Kind.RENAME_LIST, groceries, new Kind.RenameList("Groceries \"weekly\" \\ 🛒")));
    decide(command(ana, Kind.ADD_MEMBER, groceries, new Kind.AddMember("bob")));
    decide(command(ana, Kind.ADD_MEMBER, work, new Kind.AddMember("bob")));
    decide(command(ana, Kind.ADD_MEMBER, groceries, new Kind.AddMember("bob")));
    decide(command(ana, Kind.ADD_MEMBER, groceries, new Kind.AddMember("nobody")));
    Command addMilk = command(bob, Kind.ADD_TODO, groceries, new Kind.AddTodo("milk"));
    decide(addMilk);
    String milk = Ids.todoId(addMilk.commandId());
    Command addEggs = command(ana, Kind.ADD_TODO, groceries, new Kind.AddTodo("crème brûlée \u200F‏שלום </script> \t"));
    decide(addEggs);
    String eggs = Ids.todoId(addEggs.commandId());
    Command addBread = command(ana, Kind.ADD_TODO, groceries, new Kind.AddTodo("bread"));
    decide(addBread);
    String bread = Ids.todoId(addBread.commandId());
    decide(command(eve, Kind.ADD_TODO, groceries, new Kind.AddTodo("sneaky")));
    long seen = state.list(groceries).orElseThrow().todo(milk).orElseThrow().version();
    decide(command(bob, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(milk, "oat milk", null), seen));
    decide(command(ana, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(milk, null, true)));
    decide(command(ana, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(milk, "train tickets", null), seen));
    decide(command(ana, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(eggs, "eggs", false), 1L));
    decide(command(ana, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(Ids.todoId("none"), null, false)));
    decide(command(bob, Kind.RENAME_LIST, groceries, new Kind.RenameList("Food"), 1L));
    decide(command(bob, Kind.DELETE_LIST, groceries, new Kind.DeleteList()));
    decide(command(ana, Kind.DELETE_LIST, work, new Kind.DeleteList(), 0L));
    decide(command(ana, Kind.DELETE_TODO, groceries, new Kind.DeleteTodo(milk), 1L));
    // a move that succeeds, one that the target refuses (and is undone), and commands refused while a todo moves
    Command move = command(ana, Kind.MOVE_TODO, groceries, new Kind.MoveTodo(eggs, work));
    decide(move);
    decide(command(bob, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(eggs, "x", null)));
    decide(command(bob, Kind.MOVE_TODO, groceries, new Kind.MoveTodo(bread, groceries)));
    Command accept = saga(move);
    decide(accept);
    decide(saga(accept));
    Command away = command(ana, Kind.MOVE_TODO, groceries, new Kind.MoveTodo(bread, bobs));
    decide(away);
    Command refused = saga(away);
    decide(refused);
    decide(saga(refused));
    decide(command(bob, Kind.UPDATE_TODO, groceries, new Kind.UpdateTodo(bread, "rye bread", true)));
    // refusals that are not decisions of a rule: a message that is no command, a command that failed every attempt
    malformedWithoutType(id(), bob, groceries);
    malformedFields(id(), bob, groceries);
    failed(command(bob, Kind.ADD_TODO, groceries, new Kind.AddTodo("flaky")), 5);
    // fences: a node's own, a partition's, a decision under it and one under a fence since replaced
    readModelFence(id(), id());
    String fenceA = id();
    partitionFence(id(), fenceA, 3);
    fenced(command(bob, Kind.ADD_TODO, groceries, new Kind.AddTodo("fenced")), 3, fenceA);
    String fenceB = id();
    partitionFence(id(), fenceB, 3);
    fenced(command(ana, Kind.ADD_TODO, groceries, new Kind.AddTodo("stale")), 3, fenceA);
    fromNewerNode(id(), bob, groceries, state.list(groceries).orElseThrow().version() + 1);
    decide(command(ana, Kind.DELETE_TODO, groceries, new Kind.DeleteTodo(bread)));
    decide(command(bob, Kind.REMOVE_MEMBER, groceries, new Kind.RemoveMember(ana)));
    decide(command(bob, Kind.REMOVE_MEMBER, work, new Kind.RemoveMember(bob)));
    decide(command(ana, Kind.REMOVE_MEMBER, groceries, new Kind.RemoveMember(bob)));
    decide(command(ana, Kind.DELETE_LIST, groceries, new Kind.DeleteList()));
    decide(command(ana, Kind.ADD_TODO, groceries, new Kind.AddTodo("too late")));
    return this;
  }
}
