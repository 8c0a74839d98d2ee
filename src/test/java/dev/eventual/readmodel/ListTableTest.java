package dev.eventual.readmodel;

import dev.eventual.readmodel.storage.TodoTrie;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The lists by member (issue 18.2): finding one user's lists looks at theirs only, however many others have. */
class ListTableTest {
  static TodoList list(String owner, List<String> members, boolean deleted) {
    return new TodoList(UUID.randomUUID().toString(), "l", owner, members, TodoTrie.empty(), 1, deleted, 1, owner, Map.of(), Consent.NONE);
  }

  static TodoList with(TodoList l, List<String> members, boolean deleted) {
    return new TodoList(l.listId(), l.name(), l.owner(), members, l.todos(), l.version() + 1, deleted, l.nameVersion(), l.nameBy(), l.moves(), l.consent());
  }

  @Test
  @DisplayName("ben's lists are found by looking at ben's one list, whether ana has none or 3,000")
  void lookupLooksAtOnesOwnListsOnly() {
    ListTable table = new ListTable(null);
    TodoList bens = list("ben", List.of("ben"), false);
    table.put(null, bens);
    assertThat(table.indexed("ben")).containsExactly(bens.listId());
    TodoList first = null;
    for (int i = 0; i < 3000; i++) {
      TodoList anas = list("ana", List.of("ana"), false);
      first = first == null ? anas : first;
      table.put(null, anas);
    }
    assertThat(table.indexed("ben")).as("what a lookup of ben's lists looks at").containsExactly(bens.listId());
    assertThat(table.of("ben")).containsExactly(bens);
    assertThat(table.indexed("ana")).hasSize(3000);
    assertThat(table.count("ana")).isEqualTo(3000);

    TodoList shared = with(first, List.of("ana", "ben"), false);
    table.put(table.own(first.listId()), shared);
    assertThat(table.indexed("ben")).hasSize(2);
    assertThat(table.of("ben")).containsExactlyInAnyOrderElementsOf(List.of(bens, shared));

    TodoList left = with(shared, List.of("ana"), false);
    table.put(table.own(first.listId()), left);
    assertThat(table.indexed("ben")).containsExactly(bens.listId());

    table.put(table.own(first.listId()), with(left, List.of("ana"), true));
    assertThat(table.indexed("ana")).hasSize(2999).doesNotContain(first.listId());
    assertThat(table.count("ana")).isEqualTo(2999);
  }

  @Test
  @DisplayName("a fork counts its base's lists and its own changes, and leaves its base's index alone")
  void forkCounts() {
    ListTable base = new ListTable(null);
    TodoList anas = list("ana", List.of("ana"), false);
    TodoList other = list("ana", List.of("ana"), false);
    base.put(null, anas);
    base.put(null, other);
    ListTable fork = new ListTable(base);
    fork.put(null, with(anas, List.of("ana", "ben"), false));
    fork.put(null, with(other, List.of("ana"), true));
    fork.put(null, list("ben", List.of("ben"), false));
    assertThat(fork.count("ben")).isEqualTo(2);
    assertThat(fork.count("ana")).isEqualTo(1);
    assertThat(base.count("ben")).isZero();
    assertThat(base.count("ana")).isEqualTo(2);
  }
}
