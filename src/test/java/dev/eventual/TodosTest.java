package dev.eventual;

import dev.eventual.domain.State;
import dev.eventual.domain.Todos;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TodosTest {

  static State.Todo todo(String id, String text) {
    return new State.Todo(id, text, false, "u", "t");
  }

  @Test
  @DisplayName("todos keep the order they were added in through changes and removals, and older values stay as they were")
  void persistentAndOrdered() {
    Todos one = Todos.empty().add(2, todo("a", "milk")).add(3, todo("b", "bread")).add(4, todo("c", "eggs"));
    Todos two = one.replace(todo("a", "oat milk")).remove("b").add(7, todo("d", "jam"));
    assertThat(two.values()).extracting(State.Todo::text).containsExactly("oat milk", "eggs", "jam");
    assertThat(one.values()).extracting(State.Todo::text).containsExactly("milk", "bread", "eggs");
    assertThat(two.contains("b")).isFalse();
    assertThat(two.get("a").text()).isEqualTo("oat milk");
    assertThat(two.size()).isEqualTo(3);
    assertThat(two.replace(todo("zz", "ghost"))).isSameAs(two);
    assertThat(two.remove("zz")).isSameAs(two);
  }
}
