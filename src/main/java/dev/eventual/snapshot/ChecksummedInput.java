package dev.eventual.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32C;

/**
 * A file's bytes up to a limit (all but its trailer), read a megabyte at a time into a buffer the parser takes
 * numbers from directly (a {@code DataInputStream} over a buffered stream takes a lock per byte), with the CRC-32C
 * of everything read.
 */
final class ChecksummedInput {
  private final ReadableByteChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
  private final CRC32C crc = new CRC32C();
  private long left;

  ChecksummedInput(ReadableByteChannel channel, long limit) {
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
