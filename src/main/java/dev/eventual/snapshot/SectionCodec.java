package dev.eventual.snapshot;

import dev.eventual.readmodel.Consent;
import dev.eventual.readmodel.Move;
import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.TodoList;
import dev.eventual.readmodel.storage.Id;
import dev.eventual.readmodel.storage.OutcomeIndex;
import dev.eventual.readmodel.storage.TodoTrie;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A snapshot file's larger sections: a list with its todos and moves, and the outcomes. */
final class SectionCodec {
  private SectionCodec() {
  }

  static void writeList(SnapshotCodec.Writer w, TodoList l) throws IOException {
    w.id(l.listId());
    w.text(l.name());
    w.word(l.owner());
    w.out.writeInt(l.members().size());
    for (String m : l.members()) {
      w.word(m);
    }
    w.out.writeLong(l.version());
    w.out.writeBoolean(l.deleted());
    w.out.writeLong(l.nameVersion());
    w.word(l.nameBy());
    w.out.writeInt(l.moves().size());
    for (Move m : l.moves().values()) {
      w.id(m.sagaId());
      w.id(m.todoId());
      w.id(m.toListId());
      w.word(m.actor());
      w.text(m.text());
      w.out.writeBoolean(m.completed());
    }
    w.out.writeInt(l.consent().pending().size());
    for (Map.Entry<String, Consent.Invite> i : l.consent().pending().entrySet()) {
      w.word(i.getKey());
      w.word(i.getValue().by());
      w.text(i.getValue().at());
      w.out.writeLong(i.getValue().version());
    }
    w.out.writeInt(l.consent().turnedDown().size());
    for (Map.Entry<String, Consent.TurnedDown> t : l.consent().turnedDown().entrySet()) {
      w.word(t.getKey());
      w.out.writeInt(t.getValue().times());
      w.text(t.getValue().at());
    }
    w.out.writeInt(l.todos().size());
    l.todos().forEach((position, t) -> {
      w.out.writeLong(position);
      w.id(t.todoId());
      w.text(t.text());
      w.out.writeBoolean(t.completed());
      w.word(t.createdBy());
      w.at(t.updatedAt());
      w.out.writeLong(t.textVersion());
      w.word(t.textBy());
      w.out.writeLong(t.completedVersion());
      w.word(t.completedBy());
      w.id(t.movedFrom());
    });
  }

  /** An outcome of the command {@code id}, decided at {@code atSeconds}; read back by {@link #outcomes}. */
  static void writeOutcome(SnapshotCodec.Writer w, Id id, Outcome o, long atSeconds) throws IOException {
    w.id(id);
    w.word(o.commandType());
    w.word(o.actor());
    w.word(o.listId());
    w.word(o.status());
    w.out.writeLong(o.version());
    w.word(o.code());
    w.text(o.reason());
    w.out.writeLong(o.cursor());
    w.out.writeLong(atSeconds);
    w.out.writeLong(o.fingerprint());
  }

  static TodoList readList(SnapshotCodec.Reader r) throws IOException, UnusableSnapshot {
    String listId = r.id();
    String name = r.text();
    String owner = r.word();
    String[] members = new String[r.count()];
    for (int m = 0; m < members.length; m++) {
      members[m] = r.word();
    }
    long version = r.in.readLong();
    boolean deleted = r.in.readBoolean();
    long nameVersion = r.in.readLong();
    String nameBy = r.word();
    Map<String, Move> moves = new HashMap<>();
    for (int m = r.count(); m > 0; m--) {
      Move move = new Move(r.id(), r.id(), r.id(), r.word(), r.text(), r.in.readBoolean());
      moves.put(move.todoId(), move);
    }
    Map<String, Consent.Invite> pending = new HashMap<>();
    for (int i = r.count(); i > 0; i--) {
      pending.put(r.word(), new Consent.Invite(r.word(), r.text(), r.in.readLong()));
    }
    Map<String, Consent.TurnedDown> turnedDown = new HashMap<>();
    for (int i = r.count(); i > 0; i--) {
      turnedDown.put(r.word(), new Consent.TurnedDown(r.in.readInt(), r.text()));
    }
    Consent consent = pending.isEmpty() && turnedDown.isEmpty() ? Consent.NONE : new Consent(Map.copyOf(pending), Map.copyOf(turnedDown));
    TodoTrie todos = TodoTrie.empty();
    for (int t = r.count(); t > 0; t--) {
      long position = r.in.readLong();
      Id id = r.rawId();
      if (id == null) {
        throw new UnusableSnapshot("corrupt: a todo without an id");
      }
      todos = todos.addRestored(position, id, r.text(), r.in.readBoolean(), r.word(), r.rawAt(), r.in.readLong(), r.word(),
        r.in.readLong(), r.word(), r.id());
    }
    return new TodoList(listId, name, owner, List.of(members), todos, version, deleted, nameVersion, nameBy, Map.copyOf(moves), consent);
  }

  static OutcomeIndex outcomes(SnapshotCodec.Reader r) throws IOException, UnusableSnapshot {
    OutcomeIndex outcomes = new OutcomeIndex();
    outcomes.defer();
    for (int i = r.count(); i > 0; i--) {
      Id id = r.rawId();
      if (id == null) {
        throw new UnusableSnapshot("corrupt: an outcome without a commandId");
      }
      String type = r.word();
      String actor = r.word();
      String listId = r.word();
      String status = r.word();
      long version = r.in.readLong();
      String code = r.word();
      String reason = r.text();
      long cursor = r.in.readLong();
      long at = r.in.readLong();
      outcomes.put(id, new Outcome(null, type, actor, listId, status, version, code, reason, cursor, r.in.readLong()), at);
    }
    if (r.in.readLong() != SnapshotCodec.MAGIC) {
      throw new UnusableSnapshot("the outcomes do not end where they should");
    }
    return outcomes;
  }
}
