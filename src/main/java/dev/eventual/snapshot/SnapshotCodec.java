package dev.eventual.snapshot;

import dev.eventual.domain.Kind;
import dev.eventual.readmodel.Move;
import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.Todo;
import dev.eventual.readmodel.TodoList;
import dev.eventual.readmodel.User;
import dev.eventual.readmodel.storage.At;
import dev.eventual.readmodel.storage.Id;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * How a {@link SnapshotFile} writes its values: strings as a length and UTF-8 (-1 for null); words, which repeat (user
 * and list ids, types, statuses), in full the first time and then by number; UUIDs that do not repeat as two longs;
 * times as seconds and nanoseconds.
 */
final class SnapshotCodec {
  private SnapshotCodec() {
  }

  /**
   * A file's bytes up to a limit (all but its trailer), read a megabyte at a time into a buffer the parser takes
   * numbers from directly (a {@code DataInputStream} over a buffered stream takes a lock per byte), with the CRC-32C
   * of everything read.
   */
  static final class Input {
    private final ReadableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    private final CRC32C crc = new CRC32C();
    private long left;

    Input(ReadableByteChannel channel, long limit) {
      this.channel = channel;
      this.left = limit;
      buf.flip();
    }

    /** At least {@code n} (at most the buffer's size) bytes buffered, or EOFException. */
    private void need(int n) throws IOException {
      if (buf.remaining() >= n) {
        return;
      }
      buf.compact();
      while (buf.position() < n) {
        if (left == 0) {
          throw new EOFException("the file ends early");
        }
        int start = buf.position();
        ByteBuffer into = buf.duplicate();
        into.limit(start + (int) Math.min(buf.remaining(), left));
        int read = channel.read(into);
        if (read < 0) {
          throw new EOFException("the file ends early");
        }
        crc.update(buf.array(), start, read);
        buf.position(start + read);
        left -= read;
      }
      buf.flip();
    }

    long readLong() throws IOException {
      need(8);
      return buf.getLong();
    }

    int readInt() throws IOException {
      need(4);
      return buf.getInt();
    }

    byte readByte() throws IOException {
      need(1);
      return buf.get();
    }

    boolean readBoolean() throws IOException {
      return readByte() != 0;
    }

    byte[] readNBytes(int n) throws IOException {
      byte[] out = new byte[n];
      for (int off = 0; off < n; ) {
        need(1);
        int take = Math.min(n - off, buf.remaining());
        buf.get(out, off, take);
        off += take;
      }
      return out;
    }

    /** Whether every byte up to the limit has been read. */
    boolean atEnd() {
      return buf.remaining() == 0 && left == 0;
    }

    /** The CRC-32C of what was read. */
    long checksum() {
      return crc.getValue();
    }
  }

  /** Counts what goes through it and keeps its CRC-32C, which {@link #restart()} hands over and starts again. */
  static final class Sink extends java.io.OutputStream {
    private final java.io.OutputStream out;
    private CRC32C crc = new CRC32C();
    private long count;

    Sink(java.io.OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      crc.update(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    long count() {
      return count;
    }

    long restart() {
      long value = crc.getValue();
      crc = new CRC32C();
      return value;
    }
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
    final Input in;
    final List<String> words = new ArrayList<>();

    /** No count can be larger than the file is long: a corrupt one must not allocate the heap away. */
    final long maxCount;

    Reader(Input in, long maxCount) {
      this.in = in;
      this.maxCount = maxCount;
    }

    int count() throws IOException, SnapshotFile.Unusable {
      int n = in.readInt();
      if (n < 0 || n > maxCount) {
        throw new SnapshotFile.Unusable("corrupt: a count of " + n);
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

  /** A hash of the state's shape: the fields of every record a snapshot holds, and the kinds the fold knows. */
  static long schema(int format) {
    StringBuilder shape = new StringBuilder().append(format);
    for (Class<?> c : List.of(Todo.class, TodoList.class, User.class, Outcome.class, Move.class)) {
      shape.append('|').append(c.getSimpleName());
      Arrays.stream(c.getRecordComponents()).forEach(rc -> shape.append(',').append(rc.getName()).append(':').append(rc.getType().getSimpleName()));
    }
    for (Kind k : Kind.values()) {
      shape.append('|').append(k.name()).append('>').append(k.eventType());
    }
    CRC32C crc = new CRC32C();
    crc.update(shape.toString().getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
