package dev.eventual.readmodel;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The whole read model at one cursor of the log, as one file: a header (format, a hash of the schema the fold
 * expects, namespace and stream, the cursor and the eventId of the event there), the state in sections (counters,
 * fences, users, ended sessions, lists with their todos and moves, outcomes with the time each was decided), and a
 * CRC-32C of all of it. Ids that are UUIDs take two longs; names that repeat (actors, types, statuses) are written
 * once and referred to by number, so a restored state shares them as the fold's does.
 */
public final class Snapshot {
  static final long MAGIC = 0x45564e54534e4150L; // "EVNTSNAP"
  static final int FORMAT = 2;
  /** The state's shape: a change to any record a snapshot holds, or to the kinds the fold knows, makes older ones unusable. */
  public static final long SCHEMA = SnapshotCodec.schema(FORMAT);

  private Snapshot() {
  }

  /** What the read model held at {@code cursor}; see {@link State#capture()}. */
  public record Captured(long cursor, String cursorEventId, long eventCount, long staleDecisions, long sessionsEnded, Map<Integer, String> fences,
                         List<User> users, Map<String, Long> endedSessions, List<TodoList> lists, Outcomes.View outcomes) {
  }

  /** Who a snapshot is of and where in the log it stands. */
  public record Header(int format, long schema, String namespace, String stream, long cursor, String eventId,
                       long eventCount, String writtenAt) {
    /** The header of a snapshot of {@code state}, in this format and schema. */
    public static Header of(String namespace, String stream, Captured state, String writtenAt) {
      return new Header(FORMAT, SCHEMA, namespace, stream, state.cursor(), state.cursorEventId(), state.eventCount(), writtenAt);
    }
  }

  /** A snapshot that must not be used: corrupt, truncated, of another format, schema, namespace or stream. */
  public static final class Unusable extends Exception {
    public Unusable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Writes {@code state} (taken at {@code header}'s cursor) to {@code out}, keeping outcomes decided at or after {@code keepFrom}. */
  public static void write(OutputStream out, Header header, Captured state, long keepFrom) throws IOException {
    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(out, 1 << 16), new CRC32C());
    SnapshotCodec.Writer w = new SnapshotCodec.Writer(new DataOutputStream(checked));
    w.out.writeLong(MAGIC);
    w.out.writeInt(header.format());
    w.out.writeLong(header.schema());
    w.text(header.namespace());
    w.text(header.stream());
    w.out.writeLong(header.cursor());
    w.text(header.eventId());
    w.out.writeLong(header.eventCount());
    w.text(header.writtenAt());
    w.out.writeLong(state.staleDecisions());
    w.out.writeLong(state.sessionsEnded());
    w.out.writeInt(state.fences().size());
    for (Map.Entry<Integer, String> f : state.fences().entrySet()) {
      w.out.writeInt(f.getKey());
      w.text(f.getValue());
    }
    w.out.writeInt(state.users().size());
    for (User u : state.users()) {
      w.word(u.userId());
      w.text(u.username());
      w.text(u.credential());
    }
    w.out.writeInt(state.endedSessions().size());
    for (Map.Entry<String, Long> s : state.endedSessions().entrySet()) {
      w.text(s.getKey());
      w.out.writeLong(s.getValue());
    }
    w.out.writeInt(state.lists().size());
    for (TodoList l : state.lists()) {
      writeList(w, l);
    }
    List<Object[]> kept = new ArrayList<>();
    state.outcomes().forEach((o, at) -> {
      if (at >= keepFrom || !o.settled()) {
        kept.add(new Object[] {o, at});
      }
    });
    w.out.writeInt(kept.size());
    for (Object[] k : kept) {
      Outcome o = (Outcome) k[0];
      w.id(o.commandId());
      w.word(o.commandType());
      w.word(o.actor());
      w.word(o.listId());
      w.word(o.status());
      w.out.writeLong(o.version());
      w.word(o.code());
      w.text(o.reason());
      w.out.writeLong(o.cursor());
      w.out.writeLong((Long) k[1]);
    }
    w.out.writeLong(MAGIC);
    w.out.flush();
    long crc = checked.getChecksum().getValue();
    w.out.writeLong(crc);
    w.out.flush();
  }

  private static void writeList(SnapshotCodec.Writer w, TodoList l) throws IOException {
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
    w.out.writeInt(l.todos().size());
    IOException[] failed = new IOException[1];
    l.todos().forEach((position, t) -> {
      try {
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
      } catch (IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
  }

  /** The header of {@code file}, checked against what this node expects; reads no further. */
  public static Header header(Path file, String namespace, String stream) throws IOException, Unusable {
    try (FileChannel in = FileChannel.open(file)) {
      return header(new SnapshotCodec.Reader(new SnapshotCodec.Input(in, Math.max(0, in.size() - 8)), 0), namespace, stream);
    }
  }

  private static Header header(SnapshotCodec.Reader r, String namespace, String stream) throws IOException, Unusable {
    if (r.in.readLong() != MAGIC) {
      throw new Unusable("not a snapshot");
    }
    int format = r.in.readInt();
    if (format != FORMAT) {
      throw new Unusable("format " + format + ", this node reads " + FORMAT);
    }
    long schema = r.in.readLong();
    if (schema != SCHEMA) {
      throw new Unusable("written for another shape of the read model (schema " + Long.toHexString(schema) + ", this node's is "
        + Long.toHexString(SCHEMA) + ")");
    }
    Header h = new Header(format, schema, r.text(), r.text(), r.in.readLong(), r.text(), r.in.readLong(), r.text());
    if (!namespace.equals(h.namespace()) || !stream.equals(h.stream())) {
      throw new Unusable("of namespace " + h.namespace() + " and stream " + h.stream() + ", not " + namespace + " and " + stream);
    }
    return h;
  }

  /** Reads {@code file} whole: its checksum first, then the state; {@link Unusable} for anything wrong with it. */
  public static Restored read(Path file, String namespace, String stream) throws IOException, Unusable {
    long size = Files.size(file);
    if (size < 16) {
      throw new Unusable("corrupt or truncated: " + size + " bytes");
    }
    long stored;
    try (java.io.RandomAccessFile trailer = new java.io.RandomAccessFile(file.toFile(), "r")) {
      trailer.seek(size - 8);
      stored = trailer.readLong();
    }
    // One pass: the checksum is taken of what the parser reads (all but the trailer), and nothing read is used
    // unless it matches at the end.
    Restored restored;
    SnapshotCodec.Input in;
    try (FileChannel channel = FileChannel.open(file)) {
      in = new SnapshotCodec.Input(channel, size - 8);
      SnapshotCodec.Reader r = new SnapshotCodec.Reader(in, size);
      Header h = header(r, namespace, stream);
      restored = body(r, h);
      if (!in.atEnd()) {
        throw new Unusable("corrupt: bytes after its last section");
      }
    } catch (EOFException | RuntimeException e) {
      throw new Unusable("corrupt or truncated: " + e);
    } catch (IOException e) {
      throw new Unusable("corrupt or truncated: " + e.getMessage());
    }
    if (stored != in.checksum()) {
      throw new Unusable("corrupt or truncated: checksum mismatch");
    }
    return restored;
  }

  /** A snapshot read back: the state to fill a new {@link State} with, see {@link #into(State)}. */
  public static final class Restored {
    private final Header header;
    private final Captured state;
    private final Outcomes outcomes;

    private Restored(Header header, Captured state, Outcomes outcomes) {
      this.header = header;
      this.state = state;
      this.outcomes = outcomes;
    }

    public Header header() {
      return header;
    }

    /** Fills {@code fresh}, a state nothing has been folded into yet, with this snapshot. */
    public void into(State fresh) {
      fresh.restore(state, outcomes);
    }
  }

  private static Restored body(SnapshotCodec.Reader r, Header h) throws IOException, Unusable {
    long staleDecisions = r.in.readLong();
    long sessionsEnded = r.in.readLong();
    Map<Integer, String> fences = new HashMap<>();
    for (int i = r.count(); i > 0; i--) {
      fences.put(r.in.readInt(), r.text());
    }
    List<User> users = new ArrayList<>();
    for (int i = r.count(); i > 0; i--) {
      users.add(new User(r.word(), r.text(), r.text()));
    }
    Map<String, Long> ended = new HashMap<>();
    for (int i = r.count(); i > 0; i--) {
      ended.put(r.text(), r.in.readLong());
    }
    int listCount = r.count();
    List<TodoList> lists = new ArrayList<>(listCount);
    for (int i = listCount; i > 0; i--) {
      lists.add(readList(r));
    }
    Outcomes outcomes = new Outcomes();
    outcomes.defer();
    for (int i = r.count(); i > 0; i--) {
      Id id = r.rawId();
      if (id == null) {
        throw new Unusable("corrupt: an outcome without a commandId");
      }
      Outcome o = new Outcome(null, r.word(), r.word(), r.word(), r.word(), r.in.readLong(), r.word(), r.text(), r.in.readLong());
      outcomes.put(id, o, r.in.readLong());
    }
    if (r.in.readLong() != MAGIC) {
      throw new Unusable("does not end where its sections do");
    }
    Captured captured = new Captured(h.cursor(), h.eventId(), h.eventCount(), staleDecisions, sessionsEnded, fences, users, ended, lists, null);
    return new Restored(h, captured, outcomes);
  }

  private static TodoList readList(SnapshotCodec.Reader r) throws IOException, Unusable {
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
    Todos todos = Todos.empty();
    for (int t = r.count(); t > 0; t--) {
      long position = r.in.readLong();
      Id id = r.rawId();
      if (id == null) {
        throw new Unusable("corrupt: a todo without an id");
      }
      todos = todos.addRestored(position, id, r.text(), r.in.readBoolean(), r.word(), r.rawAt(), r.in.readLong(), r.word(),
        r.in.readLong(), r.word(), r.id());
    }
    return new TodoList(listId, name, owner, List.of(members), todos, version, deleted, nameVersion, nameBy, Map.copyOf(moves));
  }
}
