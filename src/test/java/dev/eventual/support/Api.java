package dev.eventual.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpHeaders;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The public API as a test reads it: each call blocks and a failure to get an answer is an AssertionError. */
public final class Api {
  private static Vertx shared;
  private final int port;
  private AsyncApi async;

  public Api(int port) {
    this.port = port;
  }

  /** An answer: status, body and headers. */
  public static final class Response {
    private final int status;
    private final Buffer bytes;
    private final MultiMap head;

    Response(int status, Buffer bytes, MultiMap head) {
      this.status = status;
      this.bytes = bytes;
      this.head = head;
    }

    /** An answer some other client got (a raw one, for what this one would not send). */
    public static Response of(int status, String body, HttpHeaders headers) {
      MultiMap head = MultiMap.caseInsensitiveMultiMap();
      headers.map().forEach(head::add);
      return new Response(status, Buffer.buffer(body), head);
    }

    public int status() {
      return status;
    }

    public Buffer bytes() {
      return bytes;
    }

    public String body() {
      return bytes.toString();
    }

    public JsonObject json() {
      return bytes.toJsonObject();
    }

    public JsonArray array() {
      return bytes.toJsonArray();
    }

    public HttpHeaders headers() {
      Map<String, List<String>> all = head.names().stream().collect(Collectors.toMap(n -> n, head::getAll));
      return HttpHeaders.of(all, (name, value) -> true);
    }

    public String cookie() {
      return head.getAll("set-cookie").stream().filter(c -> c.startsWith("eventual_session="))
        .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';'))).findFirst()
        .orElseThrow(() -> new IllegalStateException("no session cookie in " + head.getAll("set-cookie")));
    }

    @Override
    public String toString() {
      return status + " " + body();
    }
  }

  /** A signed-up user: its id, name and session cookie. */
  public record User(String userId, String username, String cookie) {
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public User signup(String username) {
    return await("signup of " + username, () -> async().signup(username));
  }

  public Response get(User user, String path) {
    return send("GET", path, user == null ? null : user.cookie(), null);
  }

  /** A command with a fresh Idempotency-Key. */
  public Response command(User user, String method, String path, String body, String... headers) {
    return commandWithKey(user, UUID.randomUUID().toString(), method, path, body, headers);
  }

  public Response commandWithKey(User user, String key, String method, String path, String body, String... headers) {
    return await(method + " " + path, () -> async().command(user, key, method, path, body, headers));
  }

  /** Creates a list and waits until it is folded; returns its id. */
  public String createList(User user, String name) {
    return await("create list", () -> async().createList(user, name));
  }

  /** The list once this node's read model has reached {@code version}; a 503 from minVersion means "not yet". */
  public JsonObject listAtVersion(User user, String listId, long version) {
    for (int attempt = 0; attempt < 12; attempt++) {
      Response r = get(user, "/api/lists/" + listId + "?minVersion=" + version);
      if (r.status() == 200) {
        return r.json();
      }
      if (r.status() != 503) {
        throw new AssertionError("list " + listId + " answered " + r);
      }
    }
    throw new AssertionError("list never reached version " + version);
  }

  /** Creates lists until every one of {@code partitions} partitions has one, so each has seen a command. */
  public void createListsInEveryPartition(User user, int partitions) {
    Set<Integer> touched = new HashSet<>();
    for (int i = 0; touched.size() < partitions; i++) {
      if (i == 64 * partitions) {
        throw new AssertionError("no list landed in some partition after " + i + " lists");
      }
      touched.add(dev.eventual.domain.Command.partition(createList(user, "spread " + i), partitions));
    }
  }

  public Response share(User owner, String listId, User with) {
    return await("share", () -> async().share(owner, listId, with, true));
  }

  public Response send(String method, String path, String cookie, String body, String... headers) {
    return await(method + " " + path, () -> async().send(method, path, cookie, body, headers));
  }

  private <T> T await(String what, Supplier<io.vertx.core.Future<T>> call) {
    try {
      return AsyncApi.await(call.get());
    } catch (RuntimeException e) {
      throw new AssertionError(what + " failed: " + e.getMessage(), e);
    }
  }

  /** Tests' clients share one small Vert.x of their own, apart from any node's. */
  private synchronized AsyncApi async() {
    if (async == null) {
      synchronized (Api.class) {
        if (shared == null) {
          shared = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        }
      }
      async = new AsyncApi(shared, "localhost", port, 16);
    }
    return async;
  }
}
