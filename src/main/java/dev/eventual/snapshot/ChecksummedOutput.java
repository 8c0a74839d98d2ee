package dev.eventual.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/** Counts what goes through it and keeps its CRC-32C, which {@link #restart()} hands over and starts again. */
final class ChecksummedOutput extends OutputStream {
  private final OutputStream out;
  private CRC32C crc = new CRC32C();
  private long count;

  ChecksummedOutput(OutputStream out) {
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
