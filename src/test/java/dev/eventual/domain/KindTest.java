package dev.eventual.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table of command kinds, and the one set of field rules both sides of the queue apply. */
class KindTest {

  @Test
  @DisplayName("each kind has its own command type, event type and action")
  void unique() {
    assertThat(Arrays.stream(Kind.values()).map(Kind::type).distinct()).hasSize(Kind.values().length);
    assertThat(Arrays.stream(Kind.values()).map(Kind::eventType).distinct()).hasSize(Kind.values().length);
    assertThat(Arrays.stream(Kind.values()).map(Kind::action).distinct()).hasSize(Kind.values().length);
    for (Kind k : Kind.values()) {
      assertThat(Kind.ofType(k.type())).isSameAs(k);
      assertThat(Kind.ofEvent(k.eventType())).isSameAs(k);
    }
  }

  @Test
  @DisplayName("each kind's event is a record named as its event type; the last step of a saga names the saga it ends")
  void events() {
    for (Kind k : Kind.values()) {
      assertThat(k.event().isRecord()).as(k.toString()).isTrue();
      assertThat(k.event().getSimpleName()).isEqualTo(k.eventType());
      assertThat(Kind.SagaEnd.class.isAssignableFrom(k.event())).as(k.toString()).isEqualTo(k.saga().ends());
      assertThat(Event.payloadCodec(k.eventType())).isSameAs(RecordCodec.of(k.event().asSubclass(Record.class)));
    }
    assertThat(Event.payloadCodec("TodoStarred")).as("a type this node does not know").isNull();
  }

  @Test
  @DisplayName("a command goes through the queue and comes back the same, typed")
  void roundTrip() {
    String id = UUID.randomUUID().toString();
    Command sent = new Command(id, Kind.UPDATE_TODO, "ana", UUID.randomUUID().toString(), 3L,
      new Kind.UpdateTodo(UUID.randomUUID().toString(), null, true));
    String onTheQueue = new JsonObject(sent.toMap()).encode();
    Command read = Command.fromMap(new JsonObject(onTheQueue).getMap());
    assertThat(read).isEqualTo(sent);
    assertThat(new JsonObject(read.toMap()).encode()).isEqualTo(onTheQueue);
    assertThat(new JsonObject(onTheQueue).getJsonObject("fields").containsKey("text")).isFalse();
  }

  @Test
  @DisplayName("the processor refuses what the HTTP layer refuses: a control character, a blank, invisible or too long text, a name of punctuation, no field to update")
  void sameRules() {
    assertThat(malformed(Kind.ADD_TODO, new JsonObject().put("text", "a\u0007b"))).contains("control");
    assertThat(malformed(Kind.CREATE_LIST, new JsonObject().put("name", "invoice\u202Efdp.exe"))).contains("control");
    assertThat(malformed(Kind.ADD_TODO, new JsonObject().put("text", "   "))).contains("1 to 500");
    assertThat(malformed(Kind.ADD_TODO, new JsonObject().put("text", "\u200B\u3164\uFEFF"))).contains("nothing a person can see");
    assertThat(malformed(Kind.SIGN_UP, new JsonObject().put("username", "...").put("credential", "x"))).contains("letter or digit");
    assertThat(malformed(Kind.CREATE_LIST, new JsonObject().put("name", "x".repeat(201)))).contains("1 to 200");
    assertThat(malformed(Kind.ADD_MEMBER, new JsonObject().put("username", "No Such"))).contains("a-z");
    assertThat(malformed(Kind.UPDATE_TODO, new JsonObject().put("todoId", UUID.randomUUID().toString()))).contains("text");
    assertThatThrownBy(() -> Kind.ADD_TODO.body(new JsonObject().put("text", "a\u0007b").getMap()))
      .isInstanceOf(Field.Invalid.class).extracting(e -> ((Field.Invalid) e).code()).isEqualTo("invalid-field");
  }

  @Test
  @DisplayName("text is kept stripped, on both sides")
  void stripped() {
    assertThat(((Kind.AddTodo) Kind.ADD_TODO.body(new JsonObject().put("text", "  milk \n").getMap())).text()).isEqualTo("milk");
  }

  @Test
  @DisplayName("a message of an unknown kind or without an actor names its commandId, so it can still be rejected")
  void malformedEnvelope() {
    String id = UUID.randomUUID().toString();
    Command.Malformed m = (Command.Malformed) catchMalformed(new JsonObject().put("commandId", id).put("type", "Teleport")
      .put("actor", "ana").put("listId", id));
    assertThat(m.commandId).isEqualTo(id);
    assertThat(m.getMessage()).contains("Teleport");
    assertThat(catchMalformed(new JsonObject().put("commandId", id).put("type", "AddTodo").put("listId", id)
      .put("fields", new JsonObject().put("text", "x"))).getMessage()).isEqualTo("no actor");
  }

  private static String malformed(Kind kind, JsonObject fields) {
    String id = UUID.randomUUID().toString();
    return catchMalformed(new JsonObject().put("commandId", id).put("type", kind.type()).put("actor", "ana")
      .put("listId", id).put("fields", fields)).getMessage();
  }

  private static RuntimeException catchMalformed(JsonObject json) {
    try {
      Command.fromMap(new JsonObject(json.encode()).getMap()); // as the processor reads a queue message
    } catch (Command.Malformed m) {
      return m;
    }
    throw new AssertionError("accepted " + json);
  }
}
