package dev.eventual.support;

import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Eventual's HTTP API as any non-browser client speaks it, over one pooled keep-alive Vert.x client: the session
 * cookie, sign-up, commands with their Idempotency-Key. Non-blocking, for load; {@link Api} is its blocking face. The
 * WebClient reads each body whole before its future completes, so no part of an answer can slip by a late handler.
 */
public final class AsyncApi {
  public static final String PASSWORD = "password-1";

  private final WebClient client;

  public AsyncApi(Vertx vertx, String host, int port, int connections) {
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setDefaultHost(host).setDefaultPort(port)
        .setConnectTimeout(10_000).setIdleTimeout(0).setFollowRedirects(false),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /** One request; {@code headers} are name, value pairs. A body is sent as JSON. */
  public Future<Response> send(String method, String path, String cookie, String body, String... headers) {
    HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(method), path).timeout(120_000);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().add(headers[i], headers[i + 1]);
    }
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)))
      .map(r -> new Response(r.statusCode(), r.body() == null ? Buffer.buffer() : r.body(), r.headers()));
  }

  /** A command: its Idempotency-Key is its commandId; send the same key on every retry. */
  public Future<Response> command(User user, String key, String method, String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Idempotency-Key";
    all[1] = key;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send(method, path, user == null ? null : user.cookie(), body, all);
  }

  public Future<User> signup(String username) {
    return send("POST", "/api/auth/signup", null, new JsonObject().put("username", username).put("password", PASSWORD).encode())
      .map(r -> {
        if (r.status() != 201) {
          throw new IllegalStateException("signup of " + username + " answered " + r.status() + " " + r.body());
        }
        return new User(r.json().getString("userId"), username, r.cookie());
      });
  }

  /** Creates a list and waits until it is folded; its id. */
  public Future<String> createList(User owner, String name) {
    return command(owner, UUID.randomUUID().toString(), "POST", "/api/lists", new JsonObject().put("name", name).encode(),
      "Prefer", "wait=20")
      .map(r -> {
        if (r.status() != 201) {
          throw new IllegalStateException("create list answered " + r.status() + " " + r.body());
        }
        return r.json().getString("listId");
      });
  }

  /**
   * Shares a list as people do: the owner invites (answered once folded), the invitee accepts. The acceptance's answer:
   * with {@code wait}, once it is folded (200, the list), else at once (202).
   */
  public Future<Response> share(User owner, String listId, User invitee, boolean wait) {
    return invite(owner, listId, invitee.username()).compose(invited -> {
      if (invited.status() != 200) {
        return Future.failedFuture(new IllegalStateException("invitation of " + invitee.username() + " answered " + invited));
      }
      String path = "/api/lists/" + listId + "/invitation/accept";
      return wait ? command(invitee, UUID.randomUUID().toString(), "POST", path, null, "Prefer", "wait=20")
        : command(invitee, UUID.randomUUID().toString(), "POST", path, null);
    });
  }

  /** The owner invites {@code username}; answered once folded. */
  public Future<Response> invite(User owner, String listId, String username) {
    return command(owner, UUID.randomUUID().toString(), "POST", "/api/lists/" + listId + "/invitations",
      new JsonObject().put("username", username).encode(), "Prefer", "wait=20");
  }

  public Future<Response> addTodo(User user, String key, String listId, String text) {
    return command(user, key, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", text).encode());
  }

  /** Waits for a future from a thread that is not one of the client's; its failure is thrown as it is. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
