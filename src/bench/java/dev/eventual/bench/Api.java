package dev.eventual.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Eventual's HTTP API over one pooled keep-alive Vert.x client (non-blocking; {@link #sync} for set-up steps). */
final class Api {
  static final String PASSWORD = "password-1";

  record Resp(int status, Buffer body, MultiMap headers) {
    JsonObject json() {
      return body.toJsonObject();
    }

    String cookie() {
      for (String c : headers.getAll("set-cookie")) {
        if (c.startsWith("eventual_session=")) {
          return c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
        }
      }
      throw new IllegalStateException("no session cookie in " + headers.getAll("set-cookie"));
    }
  }

  record User(String userId, String username, String cookie) {
  }

  final Vertx vertx;
  final String host;
  final int port;
  private final HttpClientAgent client;

  Api(Vertx vertx, String host, int port, int connections) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost(host)
        .setDefaultPort(port).setConnectTimeout(10_000).setIdleTimeout(0),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  Future<Resp> send(HttpMethod method, String path, String cookie, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(120_000);
    if (cookie != null) {
      options.putHeader("Cookie", cookie);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return client.request(options)
      .compose(req -> body == null ? req.send() : req.send(body))
      .compose(resp -> resp.body().map(b -> new Resp(resp.statusCode(), b, resp.headers())));
  }

  Future<Resp> command(User user, String commandId, HttpMethod method, String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Idempotency-Key";
    all[1] = commandId;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send(method, path, user.cookie(), body, all);
  }

  Future<User> signup(String username) {
    return send(HttpMethod.POST, "/api/auth/signup", null,
      new JsonObject().put("username", username).put("password", PASSWORD).encode())
      .map(r -> {
        if (r.status() != 201) {
          throw new IllegalStateException("signup " + username + ": " + r.status() + " " + r.body());
        }
        return new User(r.json().getString("userId"), username, r.cookie());
      });
  }

  Future<String> createList(User owner, String name) {
    return command(owner, UUID.randomUUID().toString(), HttpMethod.POST, "/api/lists",
      new JsonObject().put("name", name).encode(), "Prefer", "wait=20")
      .map(r -> {
        if (r.status() != 201) {
          throw new IllegalStateException("create list: " + r.status() + " " + r.body());
        }
        return r.json().getString("listId");
      });
  }

  Future<Resp> addMember(User owner, String listId, String username, boolean wait) {
    return wait
      ? command(owner, UUID.randomUUID().toString(), HttpMethod.POST, "/api/lists/" + listId + "/members",
        new JsonObject().put("username", username).encode(), "Prefer", "wait=20")
      : command(owner, UUID.randomUUID().toString(), HttpMethod.POST, "/api/lists/" + listId + "/members",
        new JsonObject().put("username", username).encode());
  }

  Future<Resp> addTodo(User user, String commandId, String listId, String text) {
    return command(user, commandId, HttpMethod.POST, "/api/lists/" + listId + "/todos",
      "{\"text\":\"" + text + "\"}");
  }

  static <T> T sync(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  void close() {
    sync(client.close());
  }
}
