package dev.eventual.socket;

import dev.eventual.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The frames the bridge sends, in the Vert.x event-bus bridge protocol that {@code webroot/js/bus.js} speaks:
 * {@code rec} (a pushed message), {@code err} (a refused frame), and Eventual's one addition, {@code registered}
 * (the address is live), sent only to a register frame that asks for it with {@code "headers":{"ack":"true"}}: the
 * stock Vert.x client would hand that frame to its handler as a message without a body.
 */
final class BridgeFrame {
  static final String ACCESS_DENIED = "access_denied";
  static final String INVALID_JSON = "invalid_json";
  static final String MISSING_TYPE = "missing_type";
  static final String MISSING_ADDRESS = "missing_address";
  static final String INVALID_TYPE = "invalid_type";

  private static final byte[] REC_HEAD = ("{\"type\":\"rec\",\"address\":\"" + Addresses.USER_PREFIX).getBytes(StandardCharsets.UTF_8);
  private static final byte[] REC_BODY = "\",\"body\":".getBytes(StandardCharsets.UTF_8);

  private BridgeFrame() {
  }

  /** {@code {"type":"rec","address":"user.<id>","body":<body>}} around a body encoded once for everyone. */
  static Buffer rec(String userId, Buffer body) {
    return Buffer.buffer(REC_HEAD.length + userId.length() + REC_BODY.length + body.length() + 1)
      .appendBytes(REC_HEAD).appendString(userId).appendBytes(REC_BODY).appendBuffer(body).appendByte((byte) '}');
  }

  static boolean asksAck(JsonObject register) {
    return register.getValue("headers") instanceof JsonObject headers && "true".equals(String.valueOf(headers.getValue("ack")));
  }

  static Buffer registered(String address) {
    return new JsonObject().put("type", "registered").put("address", address).toBuffer();
  }

  /** As the Vert.x bridge refuses a frame: {@code {"type":"err","body":"access_denied"}}. */
  static Buffer err(String code) {
    return new JsonObject().put("type", "err").put("body", code).toBuffer();
  }
}
