package dev.eventual.eventlog;

import dev.eventual.domain.Event;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream entry as the app has always written it must read back as decoding it with Vert.x, then typing its payload. */
class EventReaderTest {
  final EventReader reader = new EventReader();

  /** What the event log did before it parsed the bytes itself: a JsonObject tree, then field by field. */
  static Event viaTree(JsonObject json, long cursor) {
    JsonArray audience = json.getJsonArray("audience", new JsonArray());
    return new Event(json.getString("eventId"), json.getString("type"), json.getString("listId"),
      json.getLong("version", 0L), json.getString("commandId"), json.getString("actor"),
      audience.stream().map(String::valueOf).toList(), json.getString("at"),
      Event.payload(json.getString("type"), json.getJsonObject("payload", new JsonObject()).getMap()), cursor);
  }

  static String encode(Event e) {
    return EventWriter.json(e).toString();
  }

  Event read(String json, long cursor) throws Exception {
    byte[] bytes = ("  " + json + " ").getBytes(StandardCharsets.UTF_8);
    return reader.read(bytes, 2, bytes.length - 2, cursor);
  }

  @Provide
  Arbitrary<JsonObject> envelopes() {
    Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(30);
    Arbitrary<String> id = Arbitraries.of("u1", "u2", "list-a", "8d7f3c1e-0b4a-4f6e-9a53-2f0c1d9e7b11", "ünïcode-ü");
    Arbitrary<Object> value = Arbitraries.oneOf(text.map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i),
      Arbitraries.longs().map(l -> (Object) l), Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
      Arbitraries.just(null), Arbitraries.just(new JsonObject().put("nested", new JsonArray().add(1).add("two").addNull())));
    Arbitrary<JsonObject> payload = Combinators.combine(Arbitraries.of("todoId", "text", "completed", "name", "credential", "attempts", "x"
    ).list().ofMaxSize(4), value.list().ofSize(4)).as((keys, values) -> {
      JsonObject p = new JsonObject();
      for (int i = 0; i < keys.size(); i++) {
        p.put(keys.get(i), values.get(i));
      }
      return p;
    });
    return Combinators.combine(Arbitraries.of("TodoAdded", "ListCreated", "CommandRejected", "Fence", "Unknown"),
      id.injectDuplicates(0.5), id.list().ofMaxSize(3), Arbitraries.longs().between(0, 1L << 40), text, payload)
      .as((type, actor, audience, version, at, p) -> new JsonObject().put("eventId", "e-" + version).put("type", type)
        .put("listId", actor).put("version", version).put("commandId", "c-" + version).put("actor", actor)
        .put("audience", new JsonArray(audience)).put("at", at).put("payload", p));
  }

  @Property(tries = 300)
  @Label("every envelope reads as the JsonObject tree read it, payload values included, or is refused as typing the tree's payload refuses it")
  void readsLikeTheTree(@ForAll("envelopes") JsonObject envelope) throws Exception {
    byte[] bytes = envelope.encode().getBytes(StandardCharsets.UTF_8);
    Event tree;
    try {
      tree = viaTree(Buffer.buffer(bytes).toJsonObject(), 42);
    } catch (IllegalArgumentException wrongType) {
      assertThatThrownBy(() -> reader.read(bytes, 0, bytes.length, 42)).isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith(envelope.getString("type") + ".").hasMessageContaining(" cannot be ");
      return;
    }
    Event mine = reader.read(bytes, 0, bytes.length, 42);
    assertThat(mine).isEqualTo(tree);
    assertThat(mine.payloadMap()).isEqualTo(tree.payloadMap());
    assertThat(encode(mine)).isEqualTo(encode(tree));
  }

  @Test
  @DisplayName("a payload is read into its type's record, before or after the type, what it does not know of skipped")
  void typed() throws Exception {
    Event e = read("{\"payload\":{\"text\":\"milk\",\"later\":{\"a\":[1]},\"todoId\":\"t1\"},\"type\":\"TodoAdded\"}", 3);
    assertThat(e.payload()).isEqualTo(new dev.eventual.domain.Kind.TodoAdded("t1", "milk"));
    assertThat(read("{\"type\":\"TodoAdded\",\"payload\":{\"todoId\":\"t1\",\"text\":\"milk\",\"x\":2}}", 3).payload())
      .isEqualTo(e.payload());
    Event fence = read("{\"type\":\"Fence\",\"payload\":{\"fenceId\":\"f\",\"partition\":7}}", 4);
    assertThat(fence.payload()).isEqualTo(new Event.Fence("f", 7, null));
    assertThat(encode(fence)).contains("\"payload\":{\"fenceId\":\"f\",\"partition\":7}");
  }

  @Test
  @DisplayName("a payload field of the wrong type makes the entry unreadable, naming the field")
  void wrongType() {
    assertThatThrownBy(() -> read("{\"type\":\"TodoUpdated\",\"payload\":{\"todoId\":\"t\",\"completed\":\"yes\"}}", 1))
      .isInstanceOf(java.io.IOException.class).hasMessageContaining("TodoUpdated.completed");
    assertThatThrownBy(() -> read("{\"payload\":{\"text\":7},\"type\":\"TodoAdded\"}", 1))
      .isInstanceOf(java.io.IOException.class).hasMessageContaining("TodoAdded.text");
  }

  @Test
  @DisplayName("missing fields read as before: no payload is an empty one, no audience nobody, no version 0; unknown fields are skipped")
  void sparse() throws Exception {
    Event e = read("{\"type\":\"Fence\",\"extra\":{\"a\":[1,{\"b\":2}]},\"payload\":{\"fenceId\":\"f\"}}", 7);
    assertThat(e).isEqualTo(viaTree(new JsonObject("{\"type\":\"Fence\",\"payload\":{\"fenceId\":\"f\"}}"), 7));
    Event bare = read("{}", 1);
    assertThat(bare.payloadMap()).isEmpty();
    assertThat(bare.audience()).isEmpty();
    assertThat(bare.version()).isZero();
  }

  @Test
  @DisplayName("a user id that recurs is one shared String, and a different one is not mistaken for it")
  void sharesRecurringIds() throws Exception {
    Event a = read("{\"actor\":\"user-1\",\"listId\":\"list-1\",\"audience\":[\"user-1\",\"user-2\"]}", 1);
    Event b = read("{\"actor\":\"user-1\",\"listId\":\"list-2\",\"audience\":[\"user-2\"]}", 2);
    assertThat(b.actor()).isSameAs(a.actor());
    assertThat(b.audience().get(0)).isSameAs(a.audience().get(1));
    assertThat(b.listId()).isEqualTo("list-2");
    assertThat(List.of(a.listId(), b.listId())).containsExactly("list-1", "list-2");
  }

  @Test
  @DisplayName("what is not an event is refused, as decoding it did")
  void refuses() {
    assertThatThrownBy(() -> read("[1,2]", 1)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> read("{\"type\":\"x\"} {}", 1)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> read("{\"type\":", 1)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> read("{\"version\":\"seven\"}", 1)).isInstanceOf(Exception.class);
  }
}
