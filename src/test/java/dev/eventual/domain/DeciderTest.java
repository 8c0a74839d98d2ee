package dev.eventual.domain;

import dev.eventual.readmodel.Todo;
import dev.eventual.readmodel.State;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The decider and the fold, without a broker: what each command becomes against a given state. */
class DeciderTest {
  static final String NOW = "2026-11-22T00:00:00Z";
  State state;
  String ana;
  String bob;
  String eve;
  String listId;

  @BeforeEach
  void given() {
    state = new State();
    ana = signUp("ana");
    bob = signUp("bob");
    eve = signUp("eve");
    listId = decideAndApply(command(ana, Kind.CREATE_LIST, null, new JsonObject().put("name", "l"))).listId();
    decideAndApply(command(ana, Kind.ADD_MEMBER, listId, new JsonObject().put("username", "bob")));
  }

  String signUp(String name) {
    String commandId = UUID.randomUUID().toString();
    return ((Kind.UserSignedUp) decideAndApply(new Command(commandId, Kind.SIGN_UP, Ids.userId(commandId), null, null,
      new Kind.SignUp(name, "x"))).payload()).userId();
  }

  Command command(String actor, Kind kind, String list, JsonObject fields) {
    return command(actor, kind, list, fields, null);
  }

  Command command(String actor, Kind kind, String list, JsonObject fields, Long expectedVersion) {
    String commandId = UUID.randomUUID().toString();
    return new Command(commandId, kind, actor, list == null ? Ids.listId(commandId) : list, expectedVersion,
      kind.body(fields.getMap()));
  }

  Event decideAndApply(Command c) {
    Event e = Decider.decide(state, c, NOW);
    state.apply(e);
    return e;
  }

  record Case(String name, String actor, Kind type, JsonObject fields, String expectedType, String expectedCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
      new Case("a member adds a todo", "bob", Kind.ADD_TODO, new JsonObject().put("text", "milk"), Kind.ADD_TODO.eventType(), null),
      new Case("a non-member adds a todo", "eve", Kind.ADD_TODO, new JsonObject().put("text", "x"), Event.REJECTED, "not_found"),
      new Case("a member who is not the owner deletes the list", "bob", Kind.DELETE_LIST, new JsonObject(), Event.REJECTED, "forbidden"),
      new Case("the owner deletes the list", "ana", Kind.DELETE_LIST, new JsonObject(), Kind.DELETE_LIST.eventType(), null),
      new Case("sharing with an unknown user", "ana", Kind.ADD_MEMBER, new JsonObject().put("username", "nobody"), Event.REJECTED, "unknown_user"),
      new Case("sharing with a member", "ana", Kind.ADD_MEMBER, new JsonObject().put("username", "bob"), Event.REJECTED, "already_member"),
      new Case("updating a todo that does not exist", "ana", Kind.UPDATE_TODO, new JsonObject().put("todoId", UUID.randomUUID().toString()).put("completed", true), Event.REJECTED, "not_found"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("each command ends as its one expected event")
  void decides(Case c) {
    String actor = switch (c.actor()) {
      case "ana" -> ana;
      case "bob" -> bob;
      default -> eve;
    };
    Event event = Decider.decide(state, command(actor, c.type(), listId, c.fields()), NOW);
    assertThat(event.type()).isEqualTo(c.expectedType());
    assertThat(event.payload().code()).isEqualTo(c.expectedCode());
  }

  Event at(String when, String actor, Kind kind, JsonObject fields) {
    Event e = Decider.decide(state, command(actor, kind, listId, fields), when);
    state.apply(e);
    return e;
  }

  @Test
  @DisplayName("after a no, the list may invite again 24 h later, after a second no 48 h later; a removal by the owner is no no")
  void noHoldsOffAWhile() {
    JsonObject eveName = new JsonObject().put("username", "eve");
    assertThat(at("2026-11-22T00:00:00Z", ana, Kind.INVITE_MEMBER, eveName).type()).isEqualTo("MemberInvited");
    assertThat(at("2026-11-22T00:01:00Z", eve, Kind.DECLINE_INVITATION, new JsonObject()).type()).isEqualTo("InvitationDeclined");
    assertThat(at("2026-11-22T23:59:00Z", ana, Kind.INVITE_MEMBER, eveName).payload().code()).isEqualTo("not_again_yet");
    assertThat(at("2026-11-23T00:02:00Z", ana, Kind.INVITE_MEMBER, eveName).type()).isEqualTo("MemberInvited");
    assertThat(at("2026-11-23T00:03:00Z", eve, Kind.ACCEPT_INVITATION, new JsonObject()).type()).isEqualTo("InvitationAccepted");
    assertThat(state.list(listId).orElseThrow().members()).contains(eve);
    at("2026-11-23T00:04:00Z", eve, Kind.REMOVE_MEMBER, new JsonObject().put("userId", eve));
    Event soon = at("2026-11-24T12:00:00Z", ana, Kind.INVITE_MEMBER, eveName);
    assertThat(soon.payload().reason()).contains("said no to this list twice").contains("2026-11-25T00:04:00Z");
    assertThat(at("2026-11-25T00:05:00Z", ana, Kind.INVITE_MEMBER, eveName).type()).isEqualTo("MemberInvited");
    at("2026-11-25T00:06:00Z", eve, Kind.ACCEPT_INVITATION, new JsonObject());
    at("2026-11-25T00:07:00Z", ana, Kind.REMOVE_MEMBER, new JsonObject().put("userId", eve));
    assertThat(at("2026-11-25T00:08:00Z", ana, Kind.INVITE_MEMBER, eveName).type()).as("removed by the owner").isEqualTo("MemberInvited");
    assertThat(at("2026-11-25T00:09:00Z", bob, Kind.ACCEPT_INVITATION, new JsonObject()).payload().code())
      .as("someone else's invitation").isEqualTo("not_found");
  }

  @Test
  @DisplayName("a rejection goes to the author only and leaves the version as it was; to a non-member the list has none (0)")
  void rejectionAudience() {
    long version = state.list(listId).orElseThrow().version();
    Event event = Decider.decide(state, command(bob, Kind.DELETE_LIST, listId, new JsonObject()), NOW);
    assertThat(event.audience()).containsExactly(bob);
    assertThat(event.version()).isEqualTo(version).isPositive();
    Event outsider = Decider.decide(state, command(eve, Kind.ADD_TODO, listId, new JsonObject().put("text", "x")), NOW);
    assertThat(outsider.audience()).containsExactly(eve);
    assertThat(outsider.version()).as("as for a list that does not exist").isZero();
  }

  @Test
  @DisplayName("a removed member is told of the removal and then sees the list no more")
  void removal() {
    Event event = decideAndApply(command(ana, Kind.REMOVE_MEMBER, listId, new JsonObject().put("userId", bob)));
    assertThat(event.audience()).contains(bob);
    assertThat(state.listsOf(bob)).isEmpty();
    assertThat(state.listsOf(ana)).hasSize(1);
  }

  @Test
  @DisplayName("a username is taken once")
  void usernameTaken() {
    String commandId = UUID.randomUUID().toString();
    Event event = Decider.decide(state, new Command(commandId, Kind.SIGN_UP, Ids.userId(commandId), null, null,
      new Kind.SignUp("ana", "y")), NOW);
    assertThat(event.payload().code()).isEqualTo("username_taken");
  }

  String addTodo(String actor, String text) {
    return ((Kind.TodoAdded) decideAndApply(command(actor, Kind.ADD_TODO, listId, new JsonObject().put("text", text))).payload()).todoId();
  }

  long todoVersion(String todoId) {
    return state.list(listId).orElseThrow().todo(todoId).orElseThrow().version();
  }

  Event update(String actor, String todoId, JsonObject fields, long seen) {
    return decideAndApply(command(actor, Kind.UPDATE_TODO, listId, fields.copy().put("todoId", todoId), seen));
  }

  @Test
  @DisplayName("an edit of one todo is accepted although the list moved on: another todo was added since")
  void editWhileOthersAdd() {
    String tickets = addTodo(ana, "tickets");
    long seen = todoVersion(tickets);
    addTodo(ana, "milk");
    Event event = update(bob, tickets, new JsonObject().put("text", "train tickets"), seen);
    assertThat(event.type()).isEqualTo(Kind.UPDATE_TODO.eventType());
    assertThat(state.list(listId).orElseThrow().todo(tickets).orElseThrow().text()).isEqualTo("train tickets");
    assertThat(todoVersion(tickets)).isEqualTo(event.version()).isGreaterThan(seen);
  }

  @Test
  @DisplayName("changes to different fields of one todo merge: the text by one member, completed by the other")
  void fieldsMerge() {
    String tickets = addTodo(ana, "tickets");
    long seen = todoVersion(tickets);
    assertThat(update(ana, tickets, new JsonObject().put("text", "train tickets"), seen).type()).isEqualTo("TodoUpdated");
    assertThat(update(bob, tickets, new JsonObject().put("completed", true), seen).type()).isEqualTo("TodoUpdated");
    Todo todo = state.list(listId).orElseThrow().todo(tickets).orElseThrow();
    assertThat(todo.text()).isEqualTo("train tickets");
    assertThat(todo.completed()).isTrue();
  }

  @Test
  @DisplayName("the same field changed since the version seen is a conflict, told in words, with who, what and the version now")
  void sameFieldConflicts() {
    String tickets = addTodo(ana, "tickets");
    long seen = todoVersion(tickets);
    update(bob, tickets, new JsonObject().put("text", "train tickets"), seen);
    Event event = update(ana, tickets, new JsonObject().put("text", "plane tickets"), seen);
    assertThat(event.type()).isEqualTo(Event.REJECTED);
    assertThat(event.payload().code()).isEqualTo("version_conflict");
    assertThat(event.payload().reason()).isEqualTo("bob changed the text to 'train tickets' after version "
      + seen + ", the one you saw");
    Event.Conflict conflict = ((Event.CommandRejected) event.payload()).conflict();
    assertThat(conflict.todoId()).isEqualTo(tickets);
    assertThat(conflict.version()).isEqualTo(todoVersion(tickets));
    Event.Conflict.Change change = conflict.changes().get(0);
    assertThat(change.field()).isEqualTo("text");
    assertThat(change.value()).isEqualTo("train tickets");
    assertThat(change.byName()).isEqualTo("bob");
    assertThat(update(ana, tickets, new JsonObject().put("text", "plane tickets"), todoVersion(tickets)).type())
      .as("applied again with the version now").isEqualTo("TodoUpdated");
  }

  @Test
  @DisplayName("ticking is idempotent: two members ticking the same todo from the same version do not conflict")
  void sameValueIsNoConflict() {
    String tickets = addTodo(ana, "tickets");
    long seen = todoVersion(tickets);
    assertThat(update(ana, tickets, new JsonObject().put("completed", true), seen).type()).isEqualTo("TodoUpdated");
    assertThat(update(bob, tickets, new JsonObject().put("completed", true), seen).type()).isEqualTo("TodoUpdated");
    assertThat(update(ana, tickets, new JsonObject().put("completed", false), seen).payload().reason())
      .as("the last to set it").startsWith("bob ticked it after version");
  }

  @Test
  @DisplayName("a change its own author made since is no conflict: a second edit sent before the first came back")
  void ownChangeIsNoConflict() {
    String tickets = addTodo(ana, "tickets");
    long seen = todoVersion(tickets);
    update(ana, tickets, new JsonObject().put("text", "train tickets"), seen);
    assertThat(update(ana, tickets, new JsonObject().put("text", "night train tickets"), seen).type()).isEqualTo("TodoUpdated");
    assertThat(decideAndApply(command(ana, Kind.DELETE_TODO, listId, new JsonObject().put("todoId", tickets), seen)).type())
      .isEqualTo(Kind.DELETE_TODO.eventType());
  }

  @Test
  @DisplayName("a rename conflicts only with another rename; deleting a todo changed since the version seen is a conflict")
  void renameAndDelete() {
    long seen = state.list(listId).orElseThrow().version();
    String tickets = addTodo(ana, "tickets");
    Event renamed = decideAndApply(command(bob, Kind.RENAME_LIST, listId, new JsonObject().put("name", "Trip"), seen));
    assertThat(renamed.type()).isEqualTo(Kind.RENAME_LIST.eventType());
    Event again = decideAndApply(command(ana, Kind.RENAME_LIST, listId, new JsonObject().put("name", "Holiday"), seen));
    assertThat(again.payload().reason()).startsWith("bob renamed the list to 'Trip'");

    long todoSeen = todoVersion(tickets);
    update(bob, tickets, new JsonObject().put("completed", true), todoSeen);
    Event delete = decideAndApply(command(ana, Kind.DELETE_TODO, listId, new JsonObject().put("todoId", tickets), todoSeen));
    assertThat(delete.payload().code()).isEqualTo("version_conflict");
    Event deleteNow = decideAndApply(command(ana, Kind.DELETE_TODO, listId, new JsonObject().put("todoId", tickets),
      todoVersion(tickets)));
    assertThat(deleteNow.type()).isEqualTo(Kind.DELETE_TODO.eventType());
  }

  @Test
  @DisplayName("a deleted todo is put back with its id, text and completion; one that is there is refused 'exists'; a non-member or a deleted list learns nothing")
  void restore() {
    String tickets = addTodo(ana, "tickets");
    update(bob, tickets, new JsonObject().put("completed", true), todoVersion(tickets));
    JsonObject back = new JsonObject().put("todoId", tickets).put("text", "tickets").put("completed", true);
    Event there = decideAndApply(command(bob, Kind.RESTORE_TODO, listId, back));
    assertThat(there.type()).isEqualTo(Event.REJECTED);
    assertThat(there.payload().code()).isEqualTo("exists");
    assertThat(Rejection.statusOf("exists")).isEqualTo(409);

    decideAndApply(command(ana, Kind.DELETE_TODO, listId, new JsonObject().put("todoId", tickets)));
    assertThat(decideAndApply(command(eve, Kind.RESTORE_TODO, listId, back)).payload().reason()).isEqualTo("list not found");
    Event restored = decideAndApply(command(bob, Kind.RESTORE_TODO, listId, back));
    assertThat(restored.type()).isEqualTo(Kind.RESTORE_TODO.eventType());
    assertThat(restored.payload()).isEqualTo(new Kind.TodoRestored(tickets, "tickets", true));
    assertThat(restored.audience()).containsExactlyInAnyOrder(ana, bob);
    Todo todo = state.list(listId).orElseThrow().todo(tickets).orElseThrow();
    assertThat(List.of(todo.text(), todo.completed(), todo.version(), todo.createdBy()))
      .containsExactly("tickets", true, restored.version(), bob);
    assertThat(decideAndApply(command(ana, Kind.RESTORE_TODO, listId, back)).payload().code()).as("back already").isEqualTo("exists");

    decideAndApply(command(ana, Kind.DELETE_LIST, listId, new JsonObject()));
    Event late = decideAndApply(command(ana, Kind.RESTORE_TODO, listId, back.copy().put("todoId", UUID.randomUUID().toString())));
    assertThat(late.payload().reason()).isEqualTo("list has been deleted");
  }

  @Test
  @DisplayName("an ended session is refused from its event on, pushed to nobody, and forgotten once it has expired anyway")
  void endedSessions() {
    java.time.Instant start = java.time.Instant.parse(NOW);
    java.util.List<String> ended = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      java.time.Instant at = start.plusSeconds(3600L * i);
      String sessionId = UUID.randomUUID().toString();
      ended.add(sessionId);
      Event event = Decider.decide(state, new Command(Ids.sessionEndId(sessionId), Kind.END_SESSION, ana, null, null,
        new Kind.EndSession(sessionId, at.getEpochSecond() + 7200)), at.toString());
      assertThat(event.audience()).isEmpty();
      state.apply(event);
      assertThat(state.sessionEnded(sessionId)).isTrue();
    }
    assertThat(state.sessionsEnded()).isEqualTo(5_000);
    assertThat(state.sessionEnded(ended.get(4_999))).isTrue();
    assertThat(state.sessionEnded(ended.get(0))).as("expired hours ago").isFalse();
    assertThat(ended.stream().filter(state::sessionEnded).count()).as("ended sessions kept").isLessThanOrEqualTo(2_048);
  }
}
