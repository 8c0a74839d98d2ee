package dev.eventual.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A plain HTTP client for the public API, as any non-browser client would use it. */
public final class Api {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
    // What browsers speak to a plain-http server; the client's default (HTTP/2) first tries an h2c upgrade.
    .version(HttpClient.Version.HTTP_1_1).build();
  private final int port;

  public Api(int port) {
    this.port = port;
  }

  public record Response(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String cookie() {
      return headers.allValues("set-cookie").stream().filter(c -> c.startsWith("eventual_session="))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }
  }

  /** A signed-up user: its id, name and session cookie. */
  public record User(String userId, String username, String cookie) {
  }

  public User signup(String username) {
    Response r = send("POST", "/api/auth/signup", null, "{\"username\":\"" + username + "\",\"password\":\"password-1\"}");
    if (r.status() != 201) {
      throw new AssertionError("signup of " + username + " answered " + r.status() + " " + r.body());
    }
    return new User(r.json().getString("userId"), username, r.cookie());
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public Response get(User user, String path) {
    return send("GET", path, user == null ? null : user.cookie(), null);
  }

  /** A command with a fresh Idempotency-Key. */
  public Response command(User user, String method, String path, String body, String... headers) {
    return commandWithKey(user, UUID.randomUUID().toString(), method, path, body, headers);
  }

  public Response commandWithKey(User user, String key, String method, String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Idempotency-Key";
    all[1] = key;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send(method, path, user == null ? null : user.cookie(), body, all);
  }

  /** Creates a list and waits until it is folded; returns its id. */
  public String createList(User user, String name) {
    Response r = command(user, "POST", "/api/lists", new JsonObject().put("name", name).encode(), "Prefer", "wait=10");
    if (r.status() != 201) {
      throw new AssertionError("create list answered " + r.status() + " " + r.body());
    }
    return r.json().getString("listId");
  }

  /** The list once this node's read model has reached {@code version}; a 503 from minVersion means "not yet". */
  public JsonObject listAtVersion(User user, String listId, long version) {
    for (int attempt = 0; attempt < 12; attempt++) {
      Response r = get(user, "/api/lists/" + listId + "?minVersion=" + version);
      if (r.status() == 200) {
        return r.json();
      }
      if (r.status() != 503) {
        throw new AssertionError("list " + listId + " answered " + r.status() + " " + r.body());
      }
    }
    throw new AssertionError("list never reached version " + version);
  }

  /** Creates lists until every one of {@code partitions} partitions has one, so each has seen a command. */
  public void createListsInEveryPartition(User user, int partitions) {
    java.util.Set<Integer> touched = new java.util.HashSet<>();
    for (int i = 0; touched.size() < partitions; i++) {
      if (i == 64 * partitions) {
        throw new AssertionError("no list landed in some partition after " + i + " lists");
      }
      touched.add(dev.eventual.domain.Command.partition(createList(user, "spread " + i), partitions));
    }
  }

  public Response share(User owner, String listId, User with) {
    return command(owner, "POST", "/api/lists/" + listId + "/members",
      new JsonObject().put("username", with.username()).encode(), "Prefer", "wait=10");
  }

  public Response send(String method, String path, String cookie, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
      .timeout(Duration.ofSeconds(40))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }
}
