package dev.eventual;

import dev.eventual.domain.Command;
import dev.eventual.domain.Decider;
import dev.eventual.domain.Event;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.State;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

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
    return decideAndApply(new Command(commandId, Kind.SIGN_UP, Ids.userId(commandId), null, null,
      new Kind.SignUp(name, "x"))).payload().getString("userId");
  }

  Command command(String actor, Kind kind, String list, JsonObject fields) {
    String commandId = UUID.randomUUID().toString();
    return new Command(commandId, kind, actor, list == null ? Ids.listId(commandId) : list, null, kind.body(fields.getMap()));
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
    assertThat(event.payload().getString("code")).isEqualTo(c.expectedCode());
  }

  @Test
  @DisplayName("a rejection goes to the author only and leaves the version as it was")
  void rejectionAudience() {
    long version = state.list(listId).orElseThrow().version();
    Event event = Decider.decide(state, command(eve, Kind.ADD_TODO, listId, new JsonObject().put("text", "x")), NOW);
    assertThat(event.audience()).containsExactly(eve);
    assertThat(event.version()).isEqualTo(version);
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
    assertThat(event.payload().getString("code")).isEqualTo("username_taken");
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
