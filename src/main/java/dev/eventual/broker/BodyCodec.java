package dev.eventual.broker;

import com.rabbitmq.stream.Codec;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageBuilder;
import com.rabbitmq.stream.Properties;
import com.rabbitmq.stream.codec.InternalCodec;
import io.netty.buffer.ByteBuf;

import java.util.Map;

/**
 * Decodes a stream entry to its body alone. RabbitMQ keeps an entry published over AMQP 0-9-1 as an AMQP 1.0
 * message: header, annotations (exchange, routing key), properties and application properties around one data
 * section. The client's own codec builds maps of all of them for every entry; the event log wants the bytes of
 * the data section, so this skips the other sections by their encoded sizes. An entry without a data section
 * (published some other way) is decoded by the client's codec.
 */
final class BodyCodec implements Codec {
  private static final int DESCRIBED = 0x00;
  private static final int SMALL_ULONG = 0x53;
  private static final int ULONG = 0x80;
  private static final long DATA = 0x75;

  private final Codec general = new InternalCodec();

  /** An entry as its body bytes. */
  record Body(byte[] bytes) implements Message {
    @Override
    public boolean hasPublishingId() {
      return false;
    }

    @Override
    public long getPublishingId() {
      return 0;
    }

    @Override
    public byte[] getBodyAsBinary() {
      return bytes;
    }

    @Override
    public Object getBody() {
      return bytes;
    }

    @Override
    public Properties getProperties() {
      return null;
    }

    @Override
    public Map<String, Object> getApplicationProperties() {
      return Map.of();
    }

    @Override
    public Map<String, Object> getMessageAnnotations() {
      return Map.of();
    }
  }

  @Override
  public Message decode(ByteBuf buffer, int size) {
    int start = buffer.readerIndex();
    int end = start + size;
    byte[] body;
    try {
      body = dataSection(buffer, start, end);
    } catch (IndexOutOfBoundsException e) {
      body = null;
    }
    if (body == null) {
      return general.decode(buffer, size);
    }
    buffer.readerIndex(end);
    return new Body(body);
  }

  /** The bytes of the one data section between {@code from} and {@code to}, or null if there is not exactly one. */
  static byte[] dataSection(ByteBuf b, int from, int to) {
    byte[] body = null;
    int at = from;
    while (at < to) {
      if (b.getUnsignedByte(at) != DESCRIBED) {
        return null;
      }
      int code = b.getUnsignedByte(at + 1);
      long descriptor;
      if (code == SMALL_ULONG) {
        descriptor = b.getUnsignedByte(at + 2);
        at += 3;
      } else if (code == ULONG) {
        descriptor = b.getLong(at + 2);
        at += 10;
      } else {
        return null;
      }
      if (descriptor == DATA) {
        int kind = b.getUnsignedByte(at);
        int length = kind == 0xa0 ? b.getUnsignedByte(at + 1) : kind == 0xb0 ? b.getInt(at + 1) : -1;
        int offset = kind == 0xa0 ? 2 : 5;
        if (length < 0 || body != null || at + offset + length > to) {
          return null;
        }
        body = new byte[length];
        b.getBytes(at + offset, body);
        at += offset + length;
      } else {
        int next = skip(b, at);
        if (next < 0) {
          return null;
        }
        at = next;
      }
    }
    return at == to ? body : null;
  }

  /** The position after the AMQP 1.0 value at {@code at}, or -1 for an encoding this does not know. */
  private static int skip(ByteBuf b, int at) {
    int constructor = b.getUnsignedByte(at);
    return switch (constructor) {
      case 0x00 -> {
        int value = skip(b, at + 1);
        yield value < 0 ? -1 : skip(b, value);
      }
      case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45 -> at + 1;
      case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56 -> at + 2;
      case 0x60, 0x61 -> at + 3;
      case 0x70, 0x71, 0x72, 0x73, 0x74 -> at + 5;
      case 0x80, 0x81, 0x82, 0x83, 0x84 -> at + 9;
      case 0x94, 0x98 -> at + 17;
      case 0xa0, 0xa1, 0xa3, 0xc0, 0xc1, 0xe0 -> at + 2 + b.getUnsignedByte(at + 1);
      case 0xb0, 0xb1, 0xb3, 0xd0, 0xd1, 0xf0 -> {
        int length = b.getInt(at + 1);
        yield length < 0 ? -1 : at + 5 + length;
      }
      default -> -1;
    };
  }

  @Override
  public EncodedMessage encode(Message message) {
    return general.encode(message);
  }

  @Override
  public MessageBuilder messageBuilder() {
    return general.messageBuilder();
  }
}
