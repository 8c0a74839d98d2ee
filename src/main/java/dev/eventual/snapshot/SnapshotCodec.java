package dev.eventual.snapshot;

import dev.eventual.domain.Kind;
import dev.eventual.readmodel.Consent;
import dev.eventual.readmodel.Move;
import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.Todo;
import dev.eventual.readmodel.TodoList;
import dev.eventual.readmodel.User;
import dev.eventual.readmodel.storage.At;
import dev.eventual.readmodel.storage.Id;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * How a snapshot file writes its values: strings as a length and UTF-8 (-1 for null); words, which repeat (user
 * and list ids, types, statuses), in full the first time and then by number; UUIDs that do not repeat as two longs;
 * times as seconds and nanoseconds.
 */
final class SnapshotCodec {
  /** The first and the last eight bytes of a snapshot, and the end of each part: "EVNTSNAP". */
  static final long MAGIC = 0x45564e54534e4150L;

  private SnapshotCodec() {
  }

  static final class Writer {
    final DataOutputStream out;
    final Map<String, Integer> words = new HashMap<>();

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void text(String s) throws IOException {
      if (s == null) {
        out.writeInt(-1);
        return;
      }
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    /** A string that repeats: the first time in full, then by number. */
    void word(String s) throws IOException {
      Integer known = s == null ? null : words.get(s);
      if (known != null) {
        out.writeInt(known);
        return;
      }
      if (s != null) {
        words.put(s, words.size());
        out.writeInt(-2);
      }
      text(s);
    }

    /** A time as seconds and nanoseconds (its text when {@link At} does not keep it as numbers). */
    void at(String s) throws IOException {
      At at = At.of(s);
      if (s == null) {
        out.writeByte(0);
      } else if (at.text() == null) {
        out.writeByte(1);
        out.writeLong(at.seconds());
        out.writeInt(at.nanos());
      } else {
        out.writeByte(2);
        text(s);
      }
    }

    /** A UUID that does not repeat as two longs (its text when it is not one in canonical form). */
    void id(String s) throws IOException {
      id(s == null ? null : Id.of(s));
    }

    void id(Id id) throws IOException {
      if (id == null) {
        out.writeByte(0);
      } else if (id.text() == null) {
        out.writeByte(1);
        out.writeLong(id.high());
        out.writeLong(id.low());
      } else {
        out.writeByte(2);
        text(id.text());
      }
    }
  }

  static final class Reader {
    final ChecksummedInput in;
    final List<String> words = new ArrayList<>();

    /** No count can be larger than the file is long: a corrupt one must not allocate the heap away. */
    final long maxCount;

    Reader(ChecksummedInput in, long maxCount) {
      this.in = in;
      this.maxCount = maxCount;
    }

    int count() throws IOException, UnusableSnapshot {
      int n = in.readInt();
      if (n < 0 || n > maxCount) {
        throw new UnusableSnapshot("corrupt: a count of " + n);
      }
      return n;
    }

    String text() throws IOException {
      int n = in.readInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > (1 << 24)) {
        throw new IOException("a string of " + n + " bytes");
      }
      return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    String word() throws IOException {
      int n = in.readInt();
      if (n >= 0) {
        return words.get(n);
      }
      if (n == -1) {
        return null;
      }
      if (n != -2) {
        throw new IOException("a bad word reference " + n);
      }
      String s = text();
      words.add(s);
      return s;
    }

    /** An id as {@link Id} keeps it: no text made and parsed again for a UUID. */
    Id rawId() throws IOException {
      return switch (in.readByte()) {
        case 0 -> null;
        case 1 -> {
          long high = in.readLong();
          long low = in.readLong();
          yield new Id(high, low, null, Id.hash(high, low));
        }
        case 2 -> Id.of(text());
        default -> throw new IOException("a bad id tag");
      };
    }

    /** A time as {@link At} keeps it. */
    At rawAt() throws IOException {
      return switch (in.readByte()) {
        case 0 -> At.of(null);
        case 1 -> new At(in.readLong(), in.readInt(), null);
        case 2 -> At.of(text());
        default -> throw new IOException("a bad time tag");
      };
    }

    String id() throws IOException {
      return switch (in.readByte()) {
        case 0 -> null;
        case 1 -> Id.text(in.readLong(), in.readLong(), null);
        case 2 -> text();
        default -> throw new IOException("a bad id tag");
      };
    }
  }

  /**
   * A hash of the state's shape: the fields of every record a snapshot holds, and the kinds the fold knows with the
   * fields of each one's event (what the fold reads: a change to it may change what the fold makes of the log).
   */
  static long schema(int format) {
    CRC32C crc = new CRC32C();
    crc.update(shape(format).getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  static String shape(int format) {
    StringBuilder shape = new StringBuilder().append(format);
    for (Class<?> c : List.of(Todo.class, TodoList.class, User.class, Outcome.class, Move.class, Consent.class, Consent.Invite.class, Consent.TurnedDown.class)) {
      fields(shape.append('|'), c);
    }
    for (Kind k : Kind.values()) {
      fields(shape.append('|').append(k.name()).append('>'), k.event());
    }
    return shape.toString();
  }

  private static void fields(StringBuilder shape, Class<?> record) {
    shape.append(record.getSimpleName());
    Arrays.stream(record.getRecordComponents()).forEach(rc -> shape.append(',').append(rc.getName()).append(':').append(rc.getType().getSimpleName()));
  }
}
