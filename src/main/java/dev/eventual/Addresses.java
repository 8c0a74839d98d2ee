package dev.eventual;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Every event-bus address of a node, in one place, and what each carries. All of them are node-internal: the
 * browser's {@code user.<userId>} is not an event-bus address but the name the socket bridge gives each user's
 * sockets (see {@code socket.SocketBridge}).
 */
public final class Addresses {
  /** What a socket registers for, and the address of every frame pushed to it: its own user's. */
  public static final String USER_PREFIX = "user.";
  /** A {@link Push}: a frontend message for the sockets of every user in an audience, on every HTTP instance. */
  public static final String PUSH = "eventual.internal.push";
  /** Presence beats received from the broker, for the presence tracker. */
  public static final String PRESENCE = "eventual.internal.presence";

  private Addresses() {
  }

  public static String user(String userId) {
    return USER_PREFIX + userId;
  }

  /**
   * A frontend message for everyone in {@code audience}, encoded once for the whole node: every HTTP verticle
   * instance gets this same object (never copied, never written to) and frames the body for its own sockets.
   */
  public record Push(List<String> audience, Buffer body, String action, long cursor) {
    /** {@code cursor} is the event's offset in the log, or -1 for what is not in the log (presence). */
    public static Push of(List<String> audience, JsonObject message) {
      Object cursor = message.getValue("cursor");
      // encode(), not toBuffer(): Jackson's byte writer escapes an emoji as a surrogate pair, 12 bytes for its 4.
      return new Push(List.copyOf(audience), Buffer.buffer(message.encode()), message.getString("action"),
        cursor instanceof Number n ? n.longValue() : -1);
    }

    /** Local only: hands the one immutable Push to each consumer by reference. */
    public static final class Codec implements MessageCodec<Push, Push> {
      @Override
      public void encodeToWire(Buffer buffer, Push push) {
        throw new UnsupportedOperationException("a Push never leaves its node");
      }

      @Override
      public Push decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("a Push never leaves its node");
      }

      @Override
      public Push transform(Push push) {
        return push;
      }

      @Override
      public String name() {
        return "eventual.push";
      }

      @Override
      public byte systemCodecID() {
        return -1;
      }
    }
  }
}
