package dev.eventual.readmodel.storage;

import dev.eventual.readmodel.Todo;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TodoTrieTest {

  static Todo todo(String id, String text) {
    return new Todo(id, text, false, "u", "t", 1, "u", 1, "u", null);
  }

  @Test
  @DisplayName("todos keep the order they were added in through changes and removals, and older values stay as they were")
  void persistentAndOrdered() {
    TodoTrie one = TodoTrie.empty().add(2, todo("a", "milk")).add(3, todo("b", "bread")).add(4, todo("c", "eggs"));
    TodoTrie two = one.replace(todo("a", "oat milk")).remove("b").add(7, todo("d", "jam"));
    assertThat(two.values()).extracting(Todo::text).containsExactly("oat milk", "eggs", "jam");
    assertThat(one.values()).extracting(Todo::text).containsExactly("milk", "bread", "eggs");
    assertThat(two.contains("b")).isFalse();
    assertThat(two.get("a").text()).isEqualTo("oat milk");
    assertThat(two.size()).isEqualTo(3);
    assertThat(two.replace(todo("zz", "ghost"))).isSameAs(two);
    assertThat(two.remove("zz")).isSameAs(two);
  }

  record Op(char kind, String id) {
  }

  /** Ids from small pools: plain text, text with shared hash codes ("Aa" and "BB" hash alike, so tries split and
   * collide), UUIDs (kept as two longs) and upper-case UUIDs (kept as text). */
  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<String> plain = Arbitraries.integers().between(0, 300).map(i -> "todo-" + i);
    Arbitrary<String> colliding = Arbitraries.strings().withChars("AB").ofLength(4).map(s -> s.replace("A", "Aa").replace("B", "BB"));
    Arbitrary<String> uuid = Arbitraries.integers().between(0, 300).map(i -> new UUID(i * 31L, i).toString());
    Arbitrary<String> id = Arbitraries.oneOf(plain, colliding, uuid, uuid.map(String::toUpperCase));
    return Combinators.combine(Arbitraries.of('a', 'a', 'r', 'd'), id).as(Op::new).list().ofMaxSize(400);
  }

  @Property(tries = 200)
  @Label("any run of adds, changes and removals reads like an ordered map with its texts' UTF-8 bytes counted, and every earlier value is unchanged")
  void behavesLikeAnOrderedMap(@ForAll("ops") List<Op> ops) {
    TodoTrie todos = TodoTrie.empty();
    Map<String, Todo> model = new LinkedHashMap<>();
    List<TodoTrie> versions = new ArrayList<>();
    List<List<Todo>> expected = new ArrayList<>();
    long position = 0;
    for (Op op : ops) {
      switch (op.kind()) {
        case 'a' -> {
          if (!model.containsKey(op.id())) {
            Todo t = todo(op.id(), "v" + position + "😀");
            todos = todos.add(++position, t);
            model.put(op.id(), t);
          }
        }
        case 'r' -> {
          Todo t = todo(op.id(), "r" + position + "é");
          todos = todos.replace(t);
          model.computeIfPresent(op.id(), (k, old) -> t);
        }
        default -> {
          todos = todos.remove(op.id());
          model.remove(op.id());
        }
      }
      versions.add(todos);
      expected.add(List.copyOf(model.values()));
    }
    for (int i = 0; i < versions.size(); i++) {
      TodoTrie v = versions.get(i);
      assertThat(v.values()).isEqualTo(expected.get(i));
      assertThat(v.size()).isEqualTo(expected.get(i).size());
      assertThat(v.textBytes()).as("the bytes a list's limit counts").isEqualTo(expected.get(i).stream()
        .mapToLong(t -> t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum());
      for (Todo t : expected.get(i)) {
        assertThat(v.get(t.todoId())).isEqualTo(t);
      }
    }
    for (Op op : ops) {
      assertThat(todos.contains(op.id())).isEqualTo(model.containsKey(op.id()));
    }
  }
}
