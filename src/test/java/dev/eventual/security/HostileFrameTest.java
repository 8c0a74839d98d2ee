package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.OneNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket peer that sends what no browser would: a compressed frame that inflates to 50 MiB, and a message
 * larger than the frame limit sent in fragments. Spoken byte by byte on a plain TCP socket, so nothing of ours and
 * nothing of Vert.x's client decides what goes on the wire.
 */
class HostileFrameTest {
  static final int FRAME_LIMIT = 64 * 1024;
  static User ana;
  static User ben;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    ben = node.api.signup(Api.uniqueName("ben"));
  }

  @ParameterizedTest(name = "{0}, signed in: {1}")
  @CsvSource({"/eventbus/websocket, false", "/eventbus/websocket, true", "/eventbus/123/bomb0001/websocket, false",
    "/eventbus/123/bomb0002/websocket, true"})
  void compressionBomb(String path, boolean signedIn) throws Exception {
    byte[] bomb = deflate(50 << 20);
    assertThat(bomb.length).as("50 MiB of 'x' deflates to a frame under the limit").isLessThan(FRAME_LIMIT);
    try (Socket attacker = new Socket("127.0.0.1", node.app.port())) {
      String response = handshake(attacker, path, signedIn ? ana.cookie() : null);
      assertThat(response).startsWith("HTTP/1.1 101");
      assertThat(response.toLowerCase(Locale.ROOT)).as("the server must not agree to compression")
        .doesNotContain("sec-websocket-extensions");
      // Sent anyway, with RSV1 set: a peer that agreed to no extension must treat it as a protocol error, not inflate it.
      CompletableFuture<List<Long>> bystander = CompletableFuture.supplyAsync(() -> timedGets(ben, 20));
      writeFrame(attacker.getOutputStream(), 0xC1, bomb);
      int close = readUntilClose(attacker.getInputStream());
      assertThat(close).as("the attacker is closed: protocol error, unauthenticated, or SockJS's go-away").isIn(1002, 1008, 3000, -1);
      List<Long> millis = bystander.get(60, TimeUnit.SECONDS);
      assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow())
        .as("a bystander's GET /api/me under the attack, ms (8,200 before compression was refused)").isLessThan(1_000);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/eventbus/websocket", "/eventbus/123/frag0001/websocket"})
  void messageOverTheLimitInFragments(String path) throws Exception {
    // A valid ping, padded to ~126 KiB: within the old message limit (256 KiB), so it used to be read whole.
    String ping = "{\"type\":\"ping\",\"pad\":\"" + "a".repeat(2 * FRAME_LIMIT - 4096) + "\"}";
    String message = path.equals("/eventbus/websocket") ? ping : "[\"" + ping.replace("\"", "\\\"") + "\"]";
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    int cut = bytes.length / 2;
    try (Socket peer = new Socket("127.0.0.1", node.app.port())) {
      assertThat(handshake(peer, path, ana.cookie())).startsWith("HTTP/1.1 101");
      OutputStream out = peer.getOutputStream();
      writeFrame(out, 0x01, java.util.Arrays.copyOfRange(bytes, 0, cut)); // text, not final
      writeFrame(out, 0x80, java.util.Arrays.copyOfRange(bytes, cut, bytes.length)); // continuation, final
      assertThat(readUntilClose(peer.getInputStream())).as("a message over the frame limit is refused with 1009, not dropped")
        .isEqualTo(1009);
    }
  }

  private static List<Long> timedGets(User user, int count) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Api.Response r = node.api.get(user, "/api/me");
      assertThat(r.status()).isEqualTo(200);
      millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
    return millis;
  }

  static byte[] deflate(int size) {
    byte[] plain = new byte[1 << 20];
    java.util.Arrays.fill(plain, (byte) 'x');
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int written = 0; written < size; written += plain.length) {
      deflater.setInput(plain);
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  static String handshake(Socket socket, String path, String cookie) throws IOException {
    socket.setSoTimeout(30_000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.app.port() + "\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
      + "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n"
      + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** A client frame: masked, as RFC 6455 requires. */
  static void writeFrame(OutputStream out, int firstByte, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(firstByte);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException closedWhileWriting) {
      // The server may close before it has read the whole frame; the close is what the test reads next.
    }
  }

  /** Reads frames until a close frame or SockJS's close message (its code), or the end of the stream (-1). */
  static int readUntilClose(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    try {
      while (true) {
        int first = in.read();
        if (first < 0) {
          return -1;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        String text = new String(payload, StandardCharsets.UTF_8);
        if ((first & 0x0F) == 0x1 && text.startsWith("c[")) {
          return Integer.parseInt(text.substring(2, text.indexOf(','))); // SockJS says why before it closes
        }
        if ((first & 0x0F) == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
      }
    } catch (java.net.SocketException reset) {
      return -1;
    } catch (java.io.EOFException eof) {
      return -1;
    }
  }
}
