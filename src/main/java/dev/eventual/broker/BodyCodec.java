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
 * the data section, so this skips the other sections by their encoded sizes — but for the application properties'
 * strings and whole numbers, where a decision carries its trace (see {@code trace.Carrier}). An entry without a data
 * section (published some other way) is decoded by the client's codec.
 */
final class BodyCodec implements Codec {
  private static final int DESCRIBED = 0x00;
  private static final int SMALL_ULONG = 0x53;
  private static final int ULONG = 0x80;
  private static final long DATA = 0x75;
  private static final long APPLICATION_PROPERTIES = 0x74;

  private final Codec general = new InternalCodec();

  /**
   * An entry as its body bytes, and its application properties as they were encoded (null: none), read into the
   * strings and numbers they hold only when asked for: a replay reads none of them.
   */
  record Body(byte[] bytes, byte[] properties) implements Message {
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
      return properties == null ? Map.of() : BodyCodec.properties(io.netty.buffer.Unpooled.wrappedBuffer(properties), 0);
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
    Body body;
    try {
      body = entry(buffer, start, end);
    } catch (IndexOutOfBoundsException e) {
      body = null;
    }
    if (body == null) {
      return general.decode(buffer, size);
    }
    buffer.readerIndex(end);
    return body;
  }

  /** The one data section between {@code from} and {@code to} with the properties, or null if there is not exactly one. */
  static Body entry(ByteBuf b, int from, int to) {
    byte[] body = null;
    byte[] properties = null;
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
        if (descriptor == APPLICATION_PROPERTIES) {
          properties = new byte[next - at];
          b.getBytes(at, properties);
        }
        at = next;
      }
    }
    return at == to && body != null ? new Body(body, properties) : null;
  }

  /** The string and whole-number values of the AMQP 1.0 map at {@code at}, by their string keys. */
  private static Map<String, Object> properties(ByteBuf b, int at) {
    int kind = b.getUnsignedByte(at);
    if (kind != 0xc1 && kind != 0xd1) {
      return Map.of();
    }
    int count = kind == 0xc1 ? b.getUnsignedByte(at + 2) : b.getInt(at + 5);
    int p = at + (kind == 0xc1 ? 3 : 9);
    Map<String, Object> out = new java.util.HashMap<>(4);
    for (int i = 0; i + 1 < count && p >= 0; i += 2) {
      Object key = value(b, p);
      p = skip(b, p);
      if (p < 0) {
        break;
      }
      Object value = value(b, p);
      if (key instanceof String k && value != null) {
        out.put(k, value);
      }
      p = skip(b, p);
    }
    return out;
  }

  /** A string or a whole number at {@code at}; null for any other type. */
  private static Object value(ByteBuf b, int at) {
    return switch (b.getUnsignedByte(at)) {
      case 0xa1, 0xa3 -> b.toString(at + 2, b.getUnsignedByte(at + 1), java.nio.charset.StandardCharsets.UTF_8);
      case 0xb1, 0xb3 -> b.toString(at + 5, b.getInt(at + 1), java.nio.charset.StandardCharsets.UTF_8);
      case 0x81, 0x80 -> b.getLong(at + 1);
      case 0x55 -> (long) b.getByte(at + 1);
      case 0x53 -> (long) b.getUnsignedByte(at + 1);
      case 0x44 -> 0L;
      case 0x71 -> (long) b.getInt(at + 1);
      case 0x54 -> (long) b.getByte(at + 1);
      default -> null;
    };
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
