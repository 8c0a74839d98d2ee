package dev.eventual.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Conflicts per record and per field. A command names the version of the record it saw ({@code expectedVersion});
 * it conflicts only with a change to a field it sets that came after that version, was made by someone else and
 * left another value there. Changes to other fields merge; a change to the very value the command sets, or one its
 * own author made (a second edit sent before the first came back), is no conflict either.
 */
final class Conflicts {
  private Conflicts() {
  }

  /** A field's last change: its value now, the version of the event that set it, and who sent that event. */
  record Change(String field, Object value, long version, String by) {
  }

  static Change name(Facts.ListFacts list) {
    return new Change("name", list.name(), list.nameVersion(), list.nameBy());
  }

  static List<Change> of(Facts.TodoFacts todo) {
    return List.of(new Change("text", todo.text(), todo.textVersion(), todo.textBy()),
      new Change("completed", todo.completed(), todo.completedVersion(), todo.completedBy()));
  }

  /**
   * The changes after {@code seen} by others than {@code actor} that collide with a command setting {@code wanted} (field → value), or with any
   * command at all when {@code wanted} is null (a delete: whatever changed since is news to its author).
   */
  static List<Change> after(Long seen, String actor, List<Change> fields, Map<String, Object> wanted) {
    if (seen == null) {
      return List.of();
    }
    List<Change> found = new ArrayList<>();
    for (Change f : fields) {
      boolean sets = wanted == null || wanted.containsKey(f.field());
      if (sets && f.version() > seen && !Objects.equals(f.by(), actor)
        && (wanted == null || !Objects.equals(wanted.get(f.field()), f.value()))) {
        found.add(f);
      }
    }
    return found;
  }

  /** The rejection's details: the record's version now and each colliding change, with its author's name. */
  static Event.Conflict details(Facts facts, String todoId, long version, List<Change> changes) {
    List<Event.Conflict.Change> list = new ArrayList<>();
    for (Change c : changes) {
      list.add(new Event.Conflict.Change(c.field(), c.value(), c.version(), c.by(), facts.usernameOf(c.by())));
    }
    return new Event.Conflict(version, List.copyOf(list), todoId);
  }

  /** The same in words: "ben changed the text to 'train tickets' after version 4, the one you saw". */
  static String reason(Facts facts, long seen, List<Change> changes) {
    return changes.stream().map(c -> {
      String who = Objects.requireNonNullElse(facts.usernameOf(c.by()), "someone");
      return switch (c.field()) {
        case "completed" -> who + (Boolean.TRUE.equals(c.value()) ? " ticked it" : " unticked it");
        case "name" -> who + " renamed the list to '" + c.value() + "'";
        default -> who + " changed the " + c.field() + " to '" + c.value() + "'";
      };
    }).collect(Collectors.joining(" and ")) + " after version " + seen + ", the one you saw";
  }
}
