package dev.eventual.snapshot;

import dev.eventual.readmodel.CapturedState;
import dev.eventual.readmodel.State;
import dev.eventual.readmodel.TodoList;
import dev.eventual.readmodel.User;
import dev.eventual.readmodel.storage.OutcomeIndex;

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

/**
 * The whole read model at one cursor of the log, as one file: a header (format, a hash of the schema the fold
 * expects, namespace and stream, the cursor and the eventId of the event there), the state in sections (counters,
 * fences, users, ended sessions, lists with their todos and moves, outcomes with the time each was decided), and a
 * CRC-32C of all of it. Ids that are UUIDs take two longs; names that repeat (actors, types, statuses) are written
 * once and referred to by number, so a restored state shares them as the fold's does.
 */
public final class SnapshotFile {
  static final int FORMAT = 3;
  /** The state's shape: a change to any record a snapshot holds, or to the kinds the fold knows, makes older ones unusable. */
  public static final long SCHEMA = SnapshotCodec.schema(FORMAT);

  private SnapshotFile() {
  }

  /** Who a snapshot is of and where in the log it stands. */
  public record Header(int format, long schema, String namespace, String stream, long cursor, String eventId,
                       long eventCount, String writtenAt) {
    /** The header of a snapshot of {@code state}, in this format and schema. */
    public static Header of(String namespace, String stream, CapturedState state, String writtenAt) {
      return new Header(FORMAT, SCHEMA, namespace, stream, state.cursor(), state.cursorEventId(), state.eventCount(), writtenAt);
    }
  }

  /** Writes {@code state} (taken at {@code header}'s cursor) to {@code out}, keeping outcomes decided at or after {@code keepFrom}. */
  public static void write(OutputStream out, Header header, CapturedState state, long keepFrom) throws IOException {
    ChecksummedOutput sink = new ChecksummedOutput(new BufferedOutputStream(out, 1 << 16));
    SnapshotCodec.Writer w = new SnapshotCodec.Writer(new DataOutputStream(new BufferedOutputStream(sink, 1 << 16)));
    w.out.writeLong(SnapshotCodec.MAGIC);
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
      SectionCodec.writeList(w, l);
    }
    w.out.writeLong(SnapshotCodec.MAGIC);
    // The outcomes are a part of their own (own words, own checksum), so that a reader parses both parts at once.
    w.out.flush();
    long outcomesAt = sink.count();
    long listsCrc = sink.restart();
    w.words.clear();
    int[] kept = {0};
    state.outcomes().forEach((id, o, at) -> kept[0] += OutcomeIndex.keeps(o, at, keepFrom) ? 1 : 0);
    w.out.writeInt(kept[0]);
    state.outcomes().forEach((id, o, at) -> {
      if (OutcomeIndex.keeps(o, at, keepFrom)) {
        SectionCodec.writeOutcome(w, id, o, at);
      }
    });
    w.out.writeLong(SnapshotCodec.MAGIC);
    w.out.flush();
    long outcomesCrc = sink.restart();
    w.out.writeLong(outcomesAt);
    w.out.writeLong(listsCrc);
    w.out.writeLong(outcomesCrc);
    w.out.writeLong(SnapshotCodec.MAGIC);
    w.out.flush();
  }

  /** The header of {@code file}, checked against what this node expects; reads no further. */
  public static Header header(Path file, String namespace, String stream) throws IOException, UnusableSnapshot {
    try (FileChannel in = FileChannel.open(file)) {
      return header(new SnapshotCodec.Reader(new ChecksummedInput(in, Math.max(0, in.size() - TRAILER)), 0), namespace, stream);
    }
  }

  private static Header header(SnapshotCodec.Reader r, String namespace, String stream) throws IOException, UnusableSnapshot {
    if (r.in.readLong() != SnapshotCodec.MAGIC) {
      throw new UnusableSnapshot("not a snapshot");
    }
    int format = r.in.readInt();
    if (format != FORMAT) {
      throw new UnusableSnapshot("format " + format + ", this node reads " + FORMAT);
    }
    long schema = r.in.readLong();
    if (schema != SCHEMA) {
      throw new UnusableSnapshot("written for another shape of the read model (schema " + Long.toHexString(schema) + ", this node's is "
        + Long.toHexString(SCHEMA) + ")");
    }
    Header h = new Header(format, schema, r.text(), r.text(), r.in.readLong(), r.text(), r.in.readLong(), r.text());
    if (!namespace.equals(h.namespace()) || !stream.equals(h.stream())) {
      throw new UnusableSnapshot("of namespace " + h.namespace() + " and stream " + h.stream() + ", not " + namespace + " and " + stream);
    }
    return h;
  }

  /** The trailer: where the outcomes start, the CRC-32C of each part, and the magic number again. */
  private static final int TRAILER = 32;

  /**
   * Reads {@code file} whole, its two parts (everything up to the outcomes, and the outcomes) side by side, each
   * checksummed as it is parsed; nothing is used unless both match. {@link UnusableSnapshot} for anything wrong with it.
   */
  public static Restored read(Path file, String namespace, String stream) throws IOException, UnusableSnapshot {
    long size = Files.size(file);
    if (size < 64) {
      throw new UnusableSnapshot("corrupt or truncated: " + size + " bytes");
    }
    long outcomesAt;
    long listsCrc;
    long outcomesCrc;
    try (FileChannel channel = FileChannel.open(file)) {
      java.nio.ByteBuffer trailer = java.nio.ByteBuffer.allocate(TRAILER);
      channel.read(trailer, size - TRAILER);
      trailer.flip();
      outcomesAt = trailer.getLong();
      listsCrc = trailer.getLong();
      outcomesCrc = trailer.getLong();
      if (trailer.getLong() != SnapshotCodec.MAGIC || outcomesAt < 16 || outcomesAt > size - TRAILER) {
        throw new UnusableSnapshot("corrupt or truncated: no trailer");
      }
    }
    long end = outcomesAt;
    java.util.concurrent.CompletableFuture<OutcomeIndex> outcomes = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try (FileChannel channel = FileChannel.open(file)) {
        channel.position(end);
        ChecksummedInput in = new ChecksummedInput(channel, size - TRAILER - end);
        OutcomeIndex read = SectionCodec.outcomes(new SnapshotCodec.Reader(in, size));
        if (!in.atEnd() || in.checksum() != outcomesCrc) {
          throw new IllegalStateException("checksum mismatch");
        }
        return read;
      } catch (IOException | UnusableSnapshot e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
    Restored restored;
    try (FileChannel channel = FileChannel.open(file)) {
      ChecksummedInput in = new ChecksummedInput(channel, outcomesAt);
      SnapshotCodec.Reader r = new SnapshotCodec.Reader(in, size);
      Header h = header(r, namespace, stream);
      restored = body(r, h, outcomes);
      if (!in.atEnd() || in.checksum() != listsCrc) {
        throw new UnusableSnapshot("corrupt or truncated: checksum mismatch");
      }
    } catch (EOFException | RuntimeException e) {
      throw new UnusableSnapshot("corrupt or truncated: " + e);
    } catch (IOException e) {
      throw new UnusableSnapshot("corrupt or truncated: " + e.getMessage());
    } finally {
      outcomes.cancel(false);
    }
    return restored;
  }

  /** A snapshot read back: the state to fill a new {@link State} with, see {@link #into(State)}. */
  public static final class Restored {
    private final Header header;
    private final CapturedState state;
    private final OutcomeIndex outcomes;

    private Restored(Header header, CapturedState state, OutcomeIndex outcomes) {
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

  private static Restored body(SnapshotCodec.Reader r, Header h, java.util.concurrent.CompletableFuture<OutcomeIndex> outcomes)
    throws IOException, UnusableSnapshot {
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
      lists.add(SectionCodec.readList(r));
    }
    if (r.in.readLong() != SnapshotCodec.MAGIC) {
      throw new UnusableSnapshot("does not end where its sections do");
    }
    OutcomeIndex restored;
    try {
      restored = outcomes.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new UnusableSnapshot("corrupt or truncated: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    }
    CapturedState captured = new CapturedState(h.cursor(), h.eventId(), h.eventCount(), staleDecisions, sessionsEnded, fences, users, ended, lists, null);
    return new Restored(h, captured, restored);
  }

}
