package dev.eventual.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** HTTP spoken byte by byte on a plain socket, so that nothing of a client library decides what goes on the wire. */
public final class RawHttp {
  private RawHttp() {
  }

  /** An answer read off the socket: status, headers (names lowercase; the last of a repeated one) and body. */
  public record Raw(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends {@code request} as written, with {@code Connection: close}, and reads the whole answer. */
  public static Raw raw(int port, String method, String target, String... headerLines) throws IOException {
    return rawWithBody(port, method, target, "", headerLines);
  }

  /** The same with a body (ISO-8859-1 characters, one per byte), which the header lines must describe. */
  public static Raw rawWithBody(int port, String method, String target, String body, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
    for (String h : headerLines) {
      request.append(h).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n").append(body);
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = all.indexOf("\r\n\r\n");
      String[] head = all.substring(0, end).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
      }
      return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, all.substring(end + 4));
    }
  }
}
