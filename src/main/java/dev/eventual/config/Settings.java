package dev.eventual.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every setting of a node, validated once at start. The raw {@link JsonObject} is what verticles receive
 * in their {@code DeploymentOptions}; {@link #from(JsonObject)} is the only reader, so the README table,
 * the validator and the defaults cannot drift apart.
 */
public record Settings(
  String httpHost, int httpPort, int httpInstances, int maxBodyBytes, List<String> allowedOrigins,
  int httpIdleTimeoutSeconds, int httpRequestTimeoutSeconds, int httpMaxConnections, int httpMaxConnectionsPerAddress,
  String amqpUri, List<String> amqpAddresses, int amqpStartupWaitSeconds, String eventsTransport, int streamPort,
  List<String> streamAddresses, int partitions, int processorInstances, int processorMaxAttempts,
  int processorHeartbeatSeconds, String namespace,
  String authSecret, int pbkdf2Iterations, int sessionHours, int loginFailuresPerPair, int loginFailuresPerAddress,
  int loginFailuresPerUser, int loginFailureWindowMinutes, int signupsPerAddress,
  int eventsWindow, int maxWaitSeconds, int socketPingTimeoutSeconds,
  int snapshotEveryEvents, int snapshotEverySeconds, String snapshotDir, int idempotencyRetentionHours,
  boolean chaosEnabled, double chaosHttp500Rate, int chaosDelayMinMs, int chaosDelayMaxMs, double chaosFailureRate,
  int chaosHaltAfterStep, int chaosHaltInSnapshot, List<String> admins) {

  public static final List<Key> KEYS = List.of(
    new Key("http.host", "0.0.0.0", "interface the HTTP server binds"),
    new Key("http.port", "8080", "HTTP port (0 = any free port)"),
    new Key("http.instances", "1", "HTTP verticle instances in this JVM"),
    new Key("http.maxBodyBytes", "65536", "largest request body; larger gets 413"),
    new Key("http.allowedOrigins", "", "comma-separated extra origins allowed for POST/PATCH/DELETE and /eventbus (same origin is always allowed)"),
    new Key("http.idleTimeoutSeconds", "60", "a connection with no bytes either way for this long is closed; more than 25 (SockJS's heartbeat) and than `socket.pingTimeoutSeconds`, so no healthy socket is ever cut"),
    new Key("http.requestTimeoutSeconds", "10", "a request must arrive whole (line, headers, body) within this many seconds of its first byte, and a new connection must start one within it; else it is closed"),
    new Key("http.maxConnections", "0", "open HTTP connections this node accepts; past it a connection gets 503 and is closed (0 = the process's open-file limit less 512)"),
    new Key("http.maxConnectionsPerAddress", "1000", "open HTTP connections from one client address; past it, 503 and closed (0 = no limit, e.g. behind a proxy)"),
    new Key("amqp.uri", "amqp://guest:guest@localhost:5672", "RabbitMQ to use"),
    new Key("amqp.addresses", "", "comma-separated `host:port` of every node of a RabbitMQ cluster, tried in turn on every (re)connect; user, password and vhost stay `amqp.uri`'s (empty = `amqp.uri`'s host and port)"),
    new Key("amqp.startupWaitSeconds", "15", "how long start-up waits for the broker before giving up"),
    new Key("events.transport", "stream", "how a node reads the event stream: `stream` (RabbitMQ's stream protocol, plugin `rabbitmq_stream`) or `amqp` (an AMQP 0-9-1 consumer: no plugin, several times slower)"),
    new Key("stream.port", "5552", "RabbitMQ's stream protocol port (with `events.transport=stream`); host, user, password and vhost are `amqp.uri`'s"),
    new Key("stream.addresses", "", "comma-separated `host:port` of the stream protocol on the cluster's nodes (empty = each `amqp.addresses` host with `stream.port`)"),
    new Key("partitions", "4", "command partitions (queues); every node of a deployment must agree"),
    new Key("processor.instances", "1", "processor verticle instances in this JVM (0 = HTTP-only node)"),
    new Key("processor.maxAttempts", "5", "attempts for a transiently failing command before CommandFailed"),
    new Key("processor.heartbeatSeconds", "1", "AMQP heartbeat of processor connections: the partitions of a node that stops answering move after about this long"),
    new Key("namespace", "eventual", "prefix of every exchange, queue and stream name"),
    new Key("auth.secret", "", "HMAC secret for session tokens, at least 32 chars; shared by all nodes (random if unset)"),
    new Key("auth.pbkdf2Iterations", "210000", "PBKDF2-HMAC-SHA256 iterations for new passwords"),
    new Key("auth.sessionHours", "168", "session lifetime"),
    new Key("auth.loginFailuresPerUserAndAddress", "5", "failed logins for one username from one address before that pair waits 1 s, 2 s, 4 s, … after each further failure (429 + Retry-After)"),
    new Key("auth.loginFailuresPerAddress", "30", "failed logins from one address, any usernames, before that address waits the same way"),
    new Key("auth.loginFailuresPerUser", "20", "failed logins for one username from all addresses before its attempts from addresses that failed on it get through one a second (an address without failures is never held back)"),
    new Key("auth.loginFailureWindowMinutes", "15", "how long a failed login counts"),
    new Key("auth.signupsPerAddressPerHour", "20", "sign-ups allowed per client address per hour, taken names included (then 429)"),
    new Key("events.window", "10000", "recent events a node keeps for GET /api/events?after="),
    new Key("snapshot.everyEvents", "100000", "a node writes a snapshot of its read model once this many events were folded since the last one (0 = never; needs `events.transport=stream`)"),
    new Key("snapshot.everySeconds", "600", "… or once this many seconds passed with any event folded, whichever comes first"),
    new Key("snapshot.dir", "data/snapshots", "where snapshots go (a folder per namespace, the last two kept; relative to the working directory, created if missing)"),
    new Key("idempotency.retentionHours", "168", "how long a command's outcome (and so its Idempotency-Key) is remembered; after that a reused key is a new command"),
    new Key("wait.maxSeconds", "30", "upper bound of Prefer: wait=N"),
    new Key("socket.pingTimeoutSeconds", "30", "a socket that sends no ping for this long is closed"),
    new Key("chaos.enabled", "false", "allow chaos (and its admin endpoint)"),
    new Key("chaos.http500Rate", "0", "share of commands answered 500 before anything is enqueued"),
    new Key("chaos.delayMs", "0", "processing delay, N or MIN-MAX milliseconds"),
    new Key("chaos.failureRate", "0", "share of processing attempts that fail transiently"),
    new Key("chaos.haltAfterStep", "0", "for crash tests: halt the JVM, as `kill -9` would, right after a saga's step N (1 or 2) is folded and before its next step is sent (0 = never)"),
    new Key("chaos.haltInSnapshot", "0", "for crash tests: halt the JVM, as `kill -9` would, while this node's Nth snapshot is half written (0 = never)"),
    new Key("admins", "", "comma-separated usernames allowed to change chaos live"));

  public record Key(String name, String defaultValue, String description) {
    public String envName() {
      return "EVENTUAL_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
    }
  }

  public static final String TRANSPORT_STREAM = "stream";
  public static final String TRANSPORT_AMQP = "amqp";

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  public static Settings from(JsonObject raw) {
    var r = new Reader(raw);
    var settings = new Settings(
      r.string("http.host"), r.integer("http.port", 0, 65535), r.integer("http.instances", 1, 64),
      r.integer("http.maxBodyBytes", 1024, 16 * 1024 * 1024), r.list("http.allowedOrigins"),
      r.integer("http.idleTimeoutSeconds", 26, 3600), r.integer("http.requestTimeoutSeconds", 1, 600),
      r.integer("http.maxConnections", 0, 10_000_000), r.integer("http.maxConnectionsPerAddress", 0, 10_000_000),
      r.uri("amqp.uri"), r.addresses("amqp.addresses"), r.integer("amqp.startupWaitSeconds", 1, 600),
      r.oneOf("events.transport", List.of(TRANSPORT_STREAM, TRANSPORT_AMQP)), r.integer("stream.port", 1, 65535),
      r.addresses("stream.addresses"), r.integer("partitions", 1, 256), r.integer("processor.instances", 0, 64),
      r.integer("processor.maxAttempts", 1, 100), r.integer("processor.heartbeatSeconds", 1, 60),
      r.matching("namespace", NAMESPACE, "lowercase letters, digits, '_', '.', '-', at most 64"),
      r.string("auth.secret"), r.integer("auth.pbkdf2Iterations", 1000, 10_000_000), r.integer("auth.sessionHours", 1, 24 * 365),
      r.integer("auth.loginFailuresPerUserAndAddress", 1, 1000), r.integer("auth.loginFailuresPerAddress", 1, 100_000),
      r.integer("auth.loginFailuresPerUser", 1, 100_000), r.integer("auth.loginFailureWindowMinutes", 1, 24 * 60),
      r.integer("auth.signupsPerAddressPerHour", 1, 1_000_000),
      r.integer("events.window", 100, 10_000_000), r.integer("wait.maxSeconds", 1, 300),
      r.integer("socket.pingTimeoutSeconds", 1, 3600),
      r.integer("snapshot.everyEvents", 0, 1_000_000_000), r.integer("snapshot.everySeconds", 1, 7 * 24 * 3600),
      r.string("snapshot.dir"), r.integer("idempotency.retentionHours", 1, 10 * 365 * 24),
      r.bool("chaos.enabled"), r.rate("chaos.http500Rate"), r.range("chaos.delayMs")[0], r.range("chaos.delayMs")[1],
      r.rate("chaos.failureRate"), r.integer("chaos.haltAfterStep", 0, 2),
      r.integer("chaos.haltInSnapshot", 0, 1000), r.list("admins"));
    if (settings.readsStreamProtocol() && settings.amqpUri.startsWith("amqps:")) {
      throw new ConfigException("events.transport=stream reads over plain TCP; with an amqps:// uri set events.transport=amqp");
    }
    if (settings.snapshotDir.isBlank()) {
      throw new ConfigException("snapshot.dir must name a folder (set snapshot.everyEvents=0 to write no snapshots)");
    }
    if (settings.httpIdleTimeoutSeconds <= settings.socketPingTimeoutSeconds) {
      throw new ConfigException("http.idleTimeoutSeconds must be more than socket.pingTimeoutSeconds, or it would cut sockets that ping");
    }
    if (!settings.authSecret.isEmpty() && settings.authSecret.length() < 32) {
      throw new ConfigException("auth.secret must be at least 32 characters (or unset for a random one)");
    }
    return settings;
  }

  /** Every broker node's AMQP {@code host:port}: {@code amqp.addresses}, or {@code amqp.uri}'s one. */
  public List<String> brokers() {
    if (!amqpAddresses.isEmpty()) {
      return amqpAddresses;
    }
    URI uri = URI.create(amqpUri);
    return List.of(uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : amqpUri.startsWith("amqps:") ? 5671 : 5672));
  }

  /** {@code amqp.uri} pointed at broker {@code i} of {@link #brokers()} (modulo their number). */
  public String brokerUri(int i) {
    List<String> all = brokers();
    String hostPort = all.get(Math.floorMod(i, all.size()));
    URI uri = URI.create(amqpUri);
    String auth = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
    String rest = (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return uri.getScheme() + "://" + auth + hostPort + rest;
  }

  /** Every node's stream protocol {@code host:port}: {@code stream.addresses}, or each broker's host with stream.port. */
  public List<String> streamBrokers() {
    if (!streamAddresses.isEmpty()) {
      return streamAddresses;
    }
    return brokers().stream().map(b -> b.substring(0, b.lastIndexOf(':')) + ":" + streamPort).toList();
  }

  /** The fanout exchange processor instances beat on, so each knows who else is deciding partitions. */
  public String processorsExchange() {
    return namespace + ".processors";
  }

  public String commandsExchange() {
    return namespace + ".commands";
  }

  public String commandQueue(int partition) {
    return namespace + ".commands." + partition;
  }

  public String presenceExchange() {
    return namespace + ".presence";
  }

  public String eventStream() {
    return namespace + ".events";
  }

  /** This namespace's folder of snapshots. */
  public java.nio.file.Path snapshotFolder() {
    return java.nio.file.Path.of(snapshotDir).resolve(namespace);
  }

  public boolean readsStreamProtocol() {
    return TRANSPORT_STREAM.equals(eventsTransport);
  }

  private record Reader(JsonObject raw) {
    String string(String key) {
      Object value = raw.getValue(key);
      return value == null ? defaultOf(key) : String.valueOf(value).trim();
    }

    int integer(String key, int min, int max) {
      String s = string(key);
      try {
        int value = Integer.parseInt(s);
        if (value < min || value > max) {
          throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be a whole number, got '" + s + "'");
      }
    }

    double rate(String key) {
      String s = string(key);
      try {
        double value = Double.parseDouble(s);
        if (!(value >= 0 && value <= 1)) {
          throw new ConfigException(key + " must be between 0 and 1, got " + s);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be a number between 0 and 1, got '" + s + "'");
      }
    }

    int[] range(String key) {
      String s = string(key);
      String[] parts = s.split("-", -1);
      try {
        int min = Integer.parseInt(parts[0].trim());
        int max = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : min;
        if (parts.length > 2 || min < 0 || max < min || max > 60_000) {
          throw new NumberFormatException();
        }
        return new int[] {min, max};
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be N or MIN-MAX milliseconds (0..60000), got '" + s + "'");
      }
    }

    boolean bool(String key) {
      String s = string(key).toLowerCase();
      if (!s.equals("true") && !s.equals("false")) {
        throw new ConfigException(key + " must be true or false, got '" + s + "'");
      }
      return Boolean.parseBoolean(s);
    }

    List<String> list(String key) {
      String s = string(key);
      return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
    }

    String uri(String key) {
      String s = string(key);
      URI uri;
      try {
        uri = new URI(s);
      } catch (java.net.URISyntaxException e) {
        uri = null;
      }
      if (uri == null || !List.of("amqp", "amqps").contains(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigException(key + " must look like amqp://user:pass@host:5672/vhost, got '" + s + "'");
      }
      return s;
    }

    List<String> addresses(String key) {
      List<String> list = list(key);
      for (String a : list) {
        int colon = a.lastIndexOf(':');
        boolean ok = colon > 0;
        if (ok) {
          try {
            int port = Integer.parseInt(a.substring(colon + 1));
            ok = port > 0 && port < 65536;
          } catch (NumberFormatException e) {
            ok = false;
          }
        }
        if (!ok) {
          throw new ConfigException(key + " must be host:port,host:port,..., got '" + a + "'");
        }
      }
      return list;
    }

    String oneOf(String key, List<String> allowed) {
      String s = string(key);
      if (!allowed.contains(s)) {
        throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
      }
      return s;
    }

    String matching(String key, Pattern pattern, String rule) {
      String s = string(key);
      if (!pattern.matcher(s).matches()) {
        throw new ConfigException(key + " must be " + rule + ", got '" + s + "'");
      }
      return s;
    }

    private static String defaultOf(String key) {
      return KEYS.stream().filter(k -> k.name().equals(key)).findFirst().orElseThrow().defaultValue();
    }
  }

}
