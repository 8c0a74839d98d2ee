package dev.eventual.domain;

import dev.eventual.domain.RecordCodec.OrAbsent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records to the plain maps the edge writes as JSON, and back: the one reflection commands and events go through. */
class RecordCodecTest {
  record Inner(String by, long version) {
  }

  record Outer(String name, @OrAbsent String note, String empty, boolean flag, int count, Inner inner,
               List<Inner> inners, Object any) {
  }

  @Test
  @DisplayName("a record becomes a map in its components' order: null written, but left out where it is @OrAbsent")
  void toMap() {
    Outer o = new Outer("n", null, null, true, 3, new Inner("ana", 7L), List.of(new Inner("ben", 8L)), 2.5);
    Map<String, Object> map = RecordCodec.toMap(o);
    assertThat(map.keySet()).containsExactly("name", "empty", "flag", "count", "inner", "inners", "any");
    assertThat(map).containsEntry("empty", null).containsEntry("inner", Map.of("by", "ana", "version", 7L))
      .containsEntry("inners", List.of(Map.of("by", "ben", "version", 8L))).containsEntry("any", 2.5);
    assertThat(RecordCodec.toMap(new Outer("n", "x", null, false, 0, null, List.of(), null))).containsEntry("note", "x");
  }

  @Test
  @DisplayName("the map reads back as the same record; numbers take the component's width; other keys are ignored")
  void roundTrip() {
    Outer o = new Outer("n", "x", null, true, 3, new Inner("ana", 7L), List.of(new Inner("ben", 8L)), "v");
    Map<String, Object> map = new LinkedHashMap<>(RecordCodec.toMap(o));
    map.put("count", 3L);
    map.put("later", List.of(1, 2));
    assertThat(RecordCodec.of(Outer.class).fromMap(map)).isEqualTo(o);
  }

  @Test
  @DisplayName("what is missing reads as null, false or 0; a value of the wrong type is refused, naming the component")
  void missingAndWrong() {
    assertThat(RecordCodec.of(Outer.class).fromMap(Map.of("name", "n")))
      .isEqualTo(new Outer("n", null, null, false, 0, null, null, null));
    assertThatThrownBy(() -> RecordCodec.of(Outer.class).fromMap(Map.of("flag", "yes")))
      .isInstanceOf(IllegalArgumentException.class).hasMessage("Outer.flag cannot be String");
    assertThatThrownBy(() -> RecordCodec.of(Outer.class).fromMap(Map.of("inner", "ana")))
      .isInstanceOf(IllegalArgumentException.class).hasMessage("Outer.inner cannot be String");
    assertThatThrownBy(() -> RecordCodec.of(Outer.class).fromMap(Map.of("name", 5)))
      .isInstanceOf(IllegalArgumentException.class).hasMessage("Outer.name cannot be Integer");
  }

  @Test
  @DisplayName("a command body's own check still speaks: the processor gets the Invalid, not a reflection error")
  void constructorChecks() {
    assertThatThrownBy(() -> Kind.UPDATE_TODO.body(Map.of("todoId", "5b1e3c1e-0b4a-4f6e-9a53-2f0c1d9e7b11")))
      .isInstanceOf(Field.Invalid.class).hasMessage("send 'text', 'completed' or both");
  }
}
