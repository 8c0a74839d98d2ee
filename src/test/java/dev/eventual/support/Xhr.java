package dev.eventual.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** sockjs-client's XHR transports by hand: one SockJS session at /eventbus, each request with the cookie given. */
public final class Xhr {
  private final int port;
  public final String session;

  public Xhr(int port) {
    this.port = port;
    this.session = "/eventbus/000/" + UUID.randomUUID().toString().replace("-", "") + "/";
  }

  /** Opens the session, or polls it: {@code o}, {@code a[...]}, {@code c[...]} or a problem. */
  public HttpResponse<String> poll(String cookie) {
    return post("xhr", cookie, null);
  }

  public HttpResponse<String> send(String cookie, JsonObject frame) {
    return post("xhr_send", cookie, new JsonArray().add(frame.encode()).encode());
  }

  /** Opens a streaming request: its status and headers as soon as they come, and the stream to read on. */
  public HttpResponse<java.io.InputStream> stream(String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + session + "xhr_streaming"))
      .POST(HttpRequest.BodyPublishers.noBody());
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    try {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The frames of one {@code a[...]} answer. */
  public static List<JsonObject> frames(HttpResponse<String> answer) {
    String body = answer.body();
    if (!body.startsWith("a[")) {
      throw new AssertionError("not a frame array: " + answer.statusCode() + " " + body);
    }
    List<JsonObject> frames = new ArrayList<>();
    for (Object text : new JsonArray(body.substring(1).trim())) {
      frames.add(new JsonObject((String) text));
    }
    return frames;
  }

  /**
   * A POST as a browser's XMLHttpRequest makes it over plain HTTP: HTTP/1.1, never the h2c upgrade; and on a new
   * connection each time, because Vert.x SockJS closes a polling connection after its answer (browsers retry).
   */
  public HttpResponse<String> post(String transport, String cookie, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + session + transport))
      .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    try {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
