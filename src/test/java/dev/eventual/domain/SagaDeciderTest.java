package dev.eventual.domain;

import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.Todo;
import dev.eventual.readmodel.State;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The move saga without a broker: each step's decision, the step that follows it, and the fold. */
class SagaDeciderTest {
  static final String NOW = "2026-11-22T00:00:00Z";
  final State state = new State();
  final List<Event> log = new ArrayList<>();
  String ana;
  String bob;
  String groceries;
  String work;
  String bobs;
  String milk;

  @BeforeEach
  void given() {
    ana = signUp("ana");
    bob = signUp("bob");
    groceries = createList(ana, "Groceries");
    work = createList(ana, "Work");
    bobs = createList(bob, "Bob's");
    milk = ((Kind.TodoAdded) apply(command(ana, Kind.ADD_TODO, groceries, new JsonObject().put("text", "milk"))).payload()).todoId();
    apply(command(ana, Kind.UPDATE_TODO, groceries, new JsonObject().put("todoId", milk).put("completed", true)));
  }

  String signUp(String name) {
    String id = UUID.randomUUID().toString();
    return ((Kind.UserSignedUp) apply(new Command(id, Kind.SIGN_UP, Ids.userId(id), null, null, new Kind.SignUp(name, "x")))
      .payload()).userId();
  }

  String createList(String owner, String name) {
    return apply(command(owner, Kind.CREATE_LIST, null, new JsonObject().put("name", name))).listId();
  }

  Command command(String actor, Kind kind, String list, JsonObject fields) {
    String id = UUID.randomUUID().toString();
    return new Command(id, kind, actor, list == null ? Ids.listId(id) : list, null, kind.body(fields.getMap()));
  }

  Command move(String to) {
    return command(ana, Kind.MOVE_TODO, groceries, new JsonObject().put("todoId", milk).put("toListId", to));
  }

  Event apply(Command c) {
    Event e = Decider.decide(state, c, NOW);
    state.apply(e);
    log.add(e);
    return e;
  }

  /** Decides the step the saga sends after {@code c}, as the processor of its partition would. */
  Command next(Command c) {
    return Decider.next(state, c).orElseThrow(() -> new AssertionError("no step after " + c.kind()));
  }

  Todo todo(String listId, String todoId) {
    return state.list(listId).orElseThrow().todo(todoId).orElse(null);
  }

  @Test
  @DisplayName("a move in three steps: marked moving in the source, added once to the target, removed from the source")
  void done() {
    Todo before = todo(groceries, milk);
    Command start = move(work);
    Event started = apply(start);
    assertThat(started.type()).isEqualTo("TodoMoveStarted");
    assertThat(((Kind.TodoMoveStarted) started.payload()).sagaId()).isEqualTo(start.commandId());
    assertThat(state.outcome(start.commandId()).orElseThrow().status()).as("ended only by the last step").isEqualTo("started");
    assertThat(todo(groceries, milk)).as("still there, unchanged, while it moves").isEqualTo(before);

    Command accept = next(start);
    assertThat(accept).as("the same step, however often it is sent").isEqualTo(next(start));
    assertThat(accept.commandId()).isEqualTo(Ids.step(start.commandId(), "accept"));
    assertThat(accept.listId()).isEqualTo(work);
    Event in = apply(accept);
    assertThat(in.type()).isEqualTo("TodoMovedIn");
    Todo moved = todo(work, ((Kind.TodoMovedIn) in.payload()).todoId());
    assertThat(moved.text()).isEqualTo("milk");
    assertThat(moved.completed()).isTrue();
    assertThat(moved.movedFrom()).isEqualTo(groceries);

    Command finish = next(accept);
    assertThat(finish.kind()).isEqualTo(Kind.FINISH_MOVE);
    Event out = apply(finish);
    assertThat(out.type()).isEqualTo("TodoMovedOut");
    assertThat(out.endsSaga()).isEqualTo(start.commandId());
    assertThat(todo(groceries, milk)).isNull();
    assertThat(state.list(work).orElseThrow().todos().size()).isEqualTo(1);
    Outcome outcome = state.outcome(start.commandId()).orElseThrow();
    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.commandType()).isEqualTo("MoveTodo");
    assertThat(Decider.next(state, start)).as("nothing after the saga's end").isEmpty();
    assertThat(Decider.next(state, accept)).isEmpty();
  }

  @Test
  @DisplayName("a target the mover is not a member of refuses the todo, and the source undoes the move: the todo as it was")
  void undone() {
    Todo before = todo(groceries, milk);
    long version = state.list(groceries).orElseThrow().version();
    Command start = move(bobs);
    apply(start);
    Command accept = next(start);
    Event refused = apply(accept);
    assertThat(refused.type()).isEqualTo(Event.REJECTED);
    assertThat(refused.payload().reason()).isEqualTo("you are not a member of that list");
    assertThat(((Event.CommandRejected) refused.payload()).sagaId()).isEqualTo(start.commandId());
    assertThat(refused.audience()).containsExactly(ana);

    Command undo = next(accept);
    assertThat(undo.kind()).isEqualTo(Kind.UNDO_MOVE);
    assertThat(undo.commandId()).as("the one command id of the last step, done or undone").isEqualTo(Ids.step(start.commandId(), "finish"));
    Event undone = apply(undo);
    assertThat(undone.type()).isEqualTo("TodoMoveUndone");
    assertThat(todo(groceries, milk)).isEqualTo(before);
    assertThat(state.list(groceries).orElseThrow().move(milk)).isEmpty();
    assertThat(state.list(groceries).orElseThrow().version()).isEqualTo(version + 2);
    Outcome outcome = state.outcome(start.commandId()).orElseThrow();
    assertThat(outcome.status()).isEqualTo("rejected");
    assertThat(outcome.code()).isEqualTo("not_found");
    assertThat(outcome.reason()).isEqualTo("you are not a member of that list");
    assertThat(state.list(bobs).orElseThrow().todos().size()).isZero();
  }

  @Test
  @DisplayName("a deleted target is refused by name; a source deleted meanwhile still ends the saga")
  void deletedLists() {
    Command start = move(work);
    apply(start);
    apply(command(ana, Kind.DELETE_LIST, work, new JsonObject()));
    Command accept = next(start);
    assertThat(apply(accept).payload().reason()).isEqualTo("'Work' has been deleted");
    apply(command(ana, Kind.DELETE_LIST, groceries, new JsonObject()));
    Event undone = apply(next(accept));
    assertThat(undone.type()).isEqualTo("TodoMoveUndone");
    assertThat(state.outcome(start.commandId()).orElseThrow().reason()).isEqualTo("'Work' has been deleted");
  }

  @Test
  @DisplayName("while a todo moves, an edit, a delete and a second move of it are refused 'moving'; other todos are not")
  void moving() {
    apply(move(work));
    String eggs = ((Kind.TodoAdded) apply(command(ana, Kind.ADD_TODO, groceries, new JsonObject().put("text", "eggs"))).payload()).todoId();
    List<Command> refused = List.of(
      command(ana, Kind.UPDATE_TODO, groceries, new JsonObject().put("todoId", milk).put("text", "oat milk")),
      command(ana, Kind.DELETE_TODO, groceries, new JsonObject().put("todoId", milk)),
      move(work));
    for (Command c : refused) {
      Event e = apply(c);
      assertThat(e.payload().code()).as(c.kind().toString()).isEqualTo("moving");
      assertThat(e.payload().reason()).isEqualTo("'milk' is being moved to another list");
    }
    assertThat(Rejection.statusOf("moving")).isEqualTo(409);
    assertThat(apply(command(ana, Kind.MOVE_TODO, groceries, new JsonObject().put("todoId", eggs).put("toListId", groceries)))
      .payload().code()).as("a move to where it is").isEqualTo("invalid");
    assertThat(apply(command(ana, Kind.DELETE_TODO, groceries, new JsonObject().put("todoId", eggs))).type())
      .isEqualTo("TodoDeleted");
  }

  @Test
  @DisplayName("a replay folds the saga to the same outcomes, with the outcome index built at the end")
  void replay() {
    Command start = move(work);
    apply(start);
    Command accept = next(start);
    apply(accept);
    apply(next(accept));
    State replayed = new State();
    replayed.deferOutcomeIndex();
    log.forEach(replayed::apply);
    replayed.indexOutcomes();
    assertThat(replayed.outcome(start.commandId())).isEqualTo(state.outcome(start.commandId()));
    assertThat(replayed.list(work).orElseThrow().todos().values()).isEqualTo(state.list(work).orElseThrow().todos().values());
    assertThat(replayed.list(groceries).orElseThrow().moves()).isEmpty();
  }
}
