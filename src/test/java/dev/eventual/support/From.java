package dev.eventual.support;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 from a client address of the test's choosing: every 127.x.y.z is this machine, so one test can play the
 * user at 127.0.0.1 and attackers at 127.0.0.2, 127.0.0.3, … against the same node, as the limits per address see them.
 */
public final class From {
  private final String address;
  private final int port;

  private From(String address, int port) {
    this.address = address;
    this.port = port;
  }

  public static From address(String address, int port) {
    return new From(address, port);
  }

  public record Answer(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** {@code eventual_session=…}, as a Cookie header sends it. */
    public String cookie() {
      String set = header("set-cookie");
      return set == null ? null : set.substring(0, set.indexOf(';'));
    }
  }

  public Answer post(String path, String cookie, String json, String... headers) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n");
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    if (cookie != null) {
      head.append("Cookie: ").append(cookie).append("\r\n");
    }
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    head.append("\r\n");
    try (java.net.Socket s = new java.net.Socket()) {
      s.bind(new InetSocketAddress(address, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(60_000);
      s.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().write(body);
      return read(s.getInputStream());
    } catch (IOException e) {
      throw new AssertionError("POST " + path + " from " + address + " failed: " + e, e);
    }
  }

  public Answer login(String username, String password) {
    return post("/api/auth/login", null, new JsonObject().put("username", username).put("password", password).encode());
  }

  private static Answer read(InputStream in) throws IOException {
    byte[] raw = in.readAllBytes();
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    String[] lines = new String(raw, 0, end, StandardCharsets.US_ASCII).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
    int at = 0;
    while (true) {
      int eol = indexOf(chunked, crlf, at);
      int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.US_ASCII).trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, eol + 2, size);
      at = eol + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no " + new String(needle, StandardCharsets.US_ASCII).replace("\r\n", "CRLF") + " in the answer");
  }
}
