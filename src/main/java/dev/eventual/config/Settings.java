package dev.eventual.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every setting of a node, validated once at start, one record per key prefix ({@code settings.http().port()}).
 * The raw {@link JsonObject} is what {@link ConfigLoader} merges; {@link #from(JsonObject)} is the only reader.
 *
 * <p>A key is declared once, where it is read: a new key is a component of its prefix's record and one line in that
 * record's {@code read}, naming the key, its default, its rule and its meaning. {@link #KEYS} (the flags, the
 * environment names, the README table's rows that ReadmeTest asks for) is what reading the defaults declares, so
 * they cannot drift apart.
 * A new prefix is a record here, a component of {@code Settings} and its {@code read} in {@link #read(KeyReader)}.
 * A rule across prefixes goes in {@link #read(KeyReader)} too.
 */
public record Settings(Http http, Management management, Amqp amqp, Events events, Stream stream, int partitions, Processor processor,
                       String namespace, Auth auth, Snapshot snapshot, Idempotency idempotency, Waiting waiting,
                       Socket socket, Limits limits, Chaos chaos, List<String> admins, Log log, Otel otel) {

  public static final String TRANSPORT_STREAM = "stream";
  public static final String TRANSPORT_AMQP = "amqp";
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final Pattern USER_ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  /** Every key, in the order read: what flags, the environment and a config file may set. */
  public static final List<ConfigKey> KEYS = declared();

  public record Http(String host, int port, int instances, int maxBodyBytes, List<String> allowedOrigins,
                     int idleTimeoutSeconds, int requestTimeoutSeconds, int maxConnections, int maxConnectionsPerAddress) {
    static Http read(KeyReader k) {
      return new Http(
        k.string("http.host", "0.0.0.0", "interface the HTTP server binds"),
        k.integer("http.port", "8080", 0, 65535, "HTTP port (0 = any free port)"),
        k.integer("http.instances", "1", 1, 64, "HTTP verticle instances in this JVM"),
        k.integer("http.maxBodyBytes", "65536", 1024, 16 * 1024 * 1024, "largest request body; larger gets 413"),
        k.list("http.allowedOrigins", "", "comma-separated extra origins allowed for POST/PATCH/DELETE and /eventbus (same origin is always allowed)"),
        k.integer("http.idleTimeoutSeconds", "60", 26, 3600, "a connection with no bytes either way for this long is closed; more than 25 (SockJS's heartbeat) and than `socket.pingTimeoutSeconds`, so no healthy socket is ever cut"),
        k.integer("http.requestTimeoutSeconds", "10", 1, 600, "a request must arrive whole (line, headers, body) within this many seconds of its first byte, and a new connection must start one within it; else it is closed"),
        k.integer("http.maxConnections", "0", 0, 10_000_000, "open HTTP connections this node accepts; past it a connection gets 503 and is closed (0 = the process's open-file limit less 512)"),
        k.integer("http.maxConnectionsPerAddress", "1000", 0, 10_000_000, "open HTTP connections from one client address; past it, 503 and closed (0 = no limit, e.g. behind a proxy)"));
    }
  }

  public record Management(String host, int port) {
    static Management read(KeyReader k) {
      return new Management(
        k.string("management.host", "127.0.0.1", "interface the management server binds (`/health`, `/metrics`, `/ready`): loopback unless the operator opens it"),
        k.integer("management.port", "8558", 0, 65535, "port of the management server, apart from the public one (0 = any free port)"));
    }
  }

  public record Amqp(String uri, List<String> addresses, int startupWaitSeconds) {
    static Amqp read(KeyReader k) {
      return new Amqp(
        k.amqpUri("amqp.uri", "amqp://guest:guest@localhost:5672", "RabbitMQ to use"),
        k.addresses("amqp.addresses", "", "comma-separated `host:port` of every node of a RabbitMQ cluster, tried in turn on every (re)connect; user, password and vhost stay `amqp.uri`'s (empty = `amqp.uri`'s host and port)"),
        k.integer("amqp.startupWaitSeconds", "15", 1, 600, "how long start-up waits for the broker before giving up"));
    }
  }

  public record Events(String transport, int window, int resumeDepth) {
    static Events read(KeyReader k) {
      return new Events(
        k.oneOf("events.transport", TRANSPORT_STREAM, List.of(TRANSPORT_STREAM, TRANSPORT_AMQP), "how a node reads the event stream: `stream` (RabbitMQ's stream protocol, plugin `rabbitmq_stream`) or `amqp` (an AMQP 0-9-1 consumer: no plugin, several times slower)"),
        k.integer("events.window", "10000", 100, 10_000_000, "recent events a node keeps in memory for a resume (`GET /api/events?after=`, the event stream's `Last-Event-ID`)"),
        k.integer("events.resumeDepth", "100000", 0, 100_000_000, "how many log entries behind the head a resume may start: older than `events.window`, the caller's events are read from the stream itself; further back, the answer is a reset (reload state)"));
    }
  }

  public record Stream(int port, List<String> addresses) {
    static Stream read(KeyReader k) {
      return new Stream(
        k.integer("stream.port", "5552", 1, 65535, "RabbitMQ's stream protocol port (with `events.transport=stream`); host, user, password and vhost are `amqp.uri`'s"),
        k.addresses("stream.addresses", "", "comma-separated `host:port` of the stream protocol on the cluster's nodes (empty = each `amqp.addresses` host with `stream.port`)"));
    }
  }

  public record Processor(int instances, int maxAttempts, int heartbeatSeconds) {
    static Processor read(KeyReader k) {
      return new Processor(
        k.integer("processor.instances", "1", 0, 64, "processor verticle instances in this JVM (0 = HTTP-only node)"),
        k.integer("processor.maxAttempts", "5", 1, 100, "attempts for a transiently failing command before CommandFailed"),
        k.integer("processor.heartbeatSeconds", "1", 1, 60, "AMQP heartbeat of processor connections: the partitions of a node that stops answering move after about this long"));
    }
  }

  public record Auth(String secret, String secretFile, int pbkdf2Iterations, int sessionHours, int loginFailuresPerUserAndAddress,
                     int loginFailuresPerAddress, int loginFailuresPerUser, int loginFailureWindowMinutes,
                     int signupsPerAddressPerHour) {
    static Auth read(KeyReader k) {
      return new Auth(
        k.string("auth.secret", "", "HMAC secret for session tokens, at least 32 chars; the same on every node of a deployment (unset: the one in `auth.secretFile`)"),
        k.string("auth.secretFile", "data/auth-secret", "without `auth.secret`, the node makes a secret once and keeps it here (owner-only: 0600 in a 0700 folder), so a restart signs nobody out; nodes reading one file share sessions, nodes elsewhere need its content as `auth.secret`"),
        k.integer("auth.pbkdf2Iterations", "210000", 1000, 10_000_000, "PBKDF2-HMAC-SHA256 iterations for new passwords"),
        k.integer("auth.sessionHours", "168", 1, 24 * 365, "session lifetime"),
        k.integer("auth.loginFailuresPerUserAndAddress", "5", 1, 1000, "failed logins for one username from one address before that pair waits 1 s, 2 s, 4 s, … after each further failure (429 + Retry-After)"),
        k.integer("auth.loginFailuresPerAddress", "30", 1, 100_000, "failed logins from one address, any usernames, before that address waits the same way"),
        k.integer("auth.loginFailuresPerUser", "20", 1, 100_000, "failed logins for one username from all addresses before its attempts from addresses that failed on it get through one a second (an address without failures is never held back)"),
        k.integer("auth.loginFailureWindowMinutes", "15", 1, 24 * 60, "how long a failed login counts"),
        k.integer("auth.signupsPerAddressPerHour", "20", 1, 1_000_000, "sign-ups allowed per client address per hour, taken names included (then 429)"));
    }
  }

  public record Snapshot(int everyEvents, int everySeconds, String dir) {
    static Snapshot read(KeyReader k) {
      return new Snapshot(
        k.integer("snapshot.everyEvents", "100000", 0, 1_000_000_000, "a node writes a snapshot of its read model once this many events were folded since the last one (0 = never; needs `events.transport=stream`)"),
        k.integer("snapshot.everySeconds", "600", 1, 7 * 24 * 3600, "… or once this many seconds passed with any event folded, whichever comes first"),
        k.string("snapshot.dir", "data/snapshots", "where snapshots go (a folder per namespace, the last two kept; relative to the working directory, created if missing)"));
    }
  }

  public record Idempotency(int retentionHours) {
    static Idempotency read(KeyReader k) {
      return new Idempotency(
        k.integer("idempotency.retentionHours", "168", 1, 10 * 365 * 24, "how long a command's outcome (and so its Idempotency-Key) is remembered; after that a reused key is a new command"));
    }
  }

  /** The {@code wait.} keys ({@code waiting}, since a record cannot have a {@code wait()}: it is Object's). */
  public record Waiting(int maxSeconds) {
    static Waiting read(KeyReader k) {
      return new Waiting(k.integer("wait.maxSeconds", "30", 1, 300, "upper bound of Prefer: wait=N"));
    }
  }

  public record Socket(int pingTimeoutSeconds) {
    static Socket read(KeyReader k) {
      return new Socket(k.integer("socket.pingTimeoutSeconds", "30", 1, 3600, "a socket that sends no ping for this long is closed"));
    }
  }

  /** What one list and one person may hold (decided by the processor), and how fast one person's commands come in. */
  public record Limits(int todosPerList, int textBytesPerList, int membersPerList, int listsPerUser,
                       int commandsPerSecond, int commandBurst) {
    static Limits read(KeyReader k) {
      return new Limits(
        k.integer("limits.todosPerList", "10000", 1, 10_000_000, "todos one list may hold; one more is refused `422` (`/problems/limit_reached`), as is a move into a full list"),
        k.integer("limits.textBytesPerList", "1048576", 500, 1_000_000_000, "UTF-8 bytes the texts of one list's todos may hold together (1 MiB: 10,000 todos of 100 letters, or 2,000 of 130 emoji); a todo or an edit past it is refused"),
        k.integer("limits.membersPerList", "100", 1, 1_000_000, "members one list may have, its owner included"),
        k.integer("limits.listsPerUser", "500", 1, 1_000_000, "lists one person may belong to, own and shared; creating or being added to one more is refused"),
        k.integer("limits.commandsPerSecond", "50", 1, 1_000_000, "commands one user may send to one node per second, on average (a token bucket); past it `429` + `Retry-After`"),
        k.integer("limits.commandBurst", "200", 1, 1_000_000, "commands one user may send to one node at once before `limits.commandsPerSecond` holds them back"));
    }
  }

  public record Chaos(boolean enabled, double http500Rate, int delayMinMs, int delayMaxMs, double failureRate,
                      int haltAfterStep, int haltInSnapshot) {
    static Chaos read(KeyReader k) {
      boolean enabled = k.bool("chaos.enabled", "false", "allow chaos (and its admin endpoint)");
      double http500Rate = k.rate("chaos.http500Rate", "0", "share of commands answered 500 before anything is enqueued");
      int[] delay = k.range("chaos.delayMs", "0", "processing delay, N or MIN-MAX milliseconds");
      return new Chaos(enabled, http500Rate, delay[0], delay[1],
        k.rate("chaos.failureRate", "0", "share of processing attempts that fail transiently"),
        k.integer("chaos.haltAfterStep", "0", 0, 2, "for crash tests: halt the JVM, as `kill -9` would, right after a saga's step N (1 or 2) is folded and before its next step is sent (0 = never)"),
        k.integer("chaos.haltInSnapshot", "0", 0, 1000, "for crash tests: halt the JVM, as `kill -9` would, while this node's Nth snapshot is half written (0 = never)"));
    }
  }

  public record Log(String format, String level) {
    static Log read(KeyReader k) {
      return new Log(
        k.oneOf("log.format", "text", List.of("text", "json"), "`text`: readable lines; `json`: one JSON object a line (logback's JsonEncoder), a command's `commandId` and `traceId` in its `mdc`"),
        k.oneOf("log.level", "info", List.of("error", "warn", "info", "debug", "trace"), "the node's log level; `debug` adds a line per command at each hop (accepted, decided, folded)"));
    }
  }

  /** Tracing: on when an endpoint is set here or in OpenTelemetry's own OTEL_EXPORTER_OTLP_ENDPOINT. */
  public record Otel(String endpoint) {
    static Otel read(KeyReader k) {
      return new Otel(k.string("otel.endpoint", "", "OTLP/HTTP collector to send traces to, e.g. `http://localhost:4318` (empty = OTEL_EXPORTER_OTLP_ENDPOINT's; neither set = tracing off)"));
    }
  }

  public static Settings from(JsonObject raw) {
    return read(new KeyReader(raw));
  }

  private static Settings read(KeyReader k) {
    var settings = new Settings(Http.read(k), Management.read(k), Amqp.read(k), Events.read(k), Stream.read(k),
      k.integer("partitions", "4", 1, 256, "command partitions (queues); every node of a deployment must agree"),
      Processor.read(k),
      k.matching("namespace", "eventual", NAMESPACE, "lowercase letters, digits, '_', '.', '-', at most 64", "prefix of every exchange, queue and stream name"),
      Auth.read(k), Snapshot.read(k), Idempotency.read(k), Waiting.read(k), Socket.read(k), Limits.read(k), Chaos.read(k),
      admins(k.list("admins", "", "comma-separated user ids (as `GET /api/me` shows them) allowed to change chaos live; not names, which anyone may sign up with first")),
      Log.read(k), Otel.read(k));
    if (settings.readsStreamProtocol() && settings.amqp.uri.startsWith("amqps:")) {
      throw new ConfigException("events.transport=stream reads over plain TCP; with an amqps:// uri set events.transport=amqp");
    }
    if (settings.management.port != 0 && settings.management.port == settings.http.port) {
      throw new ConfigException("management.port must differ from http.port (both " + settings.http.port + ")");
    }
    if (settings.snapshot.dir.isBlank()) {
      throw new ConfigException("snapshot.dir must name a folder (set snapshot.everyEvents=0 to write no snapshots)");
    }
    if (settings.http.idleTimeoutSeconds <= settings.socket.pingTimeoutSeconds) {
      throw new ConfigException("http.idleTimeoutSeconds must be more than socket.pingTimeoutSeconds, or it would cut sockets that ping");
    }
    if (!settings.auth.secret.isEmpty() && settings.auth.secret.length() < 32) {
      throw new ConfigException("auth.secret must be at least 32 characters (or unset, for the one in auth.secretFile)");
    }
    return settings;
  }

  /** User ids in their canonical form; a name is refused, for a stranger could take it before the operator does. */
  private static List<String> admins(List<String> given) {
    for (String admin : given) {
      if (!USER_ID.matcher(admin).matches()) {
        throw new ConfigException("admins takes user ids, as GET /api/me shows them, not names (anyone may sign up with"
          + " a name first): got '" + admin + "'");
      }
    }
    return given.stream().map(id -> id.toLowerCase(java.util.Locale.ROOT)).toList();
  }

  private static List<ConfigKey> declared() {
    KeyReader defaults = new KeyReader(new JsonObject());
    read(defaults);
    return List.copyOf(defaults.declared());
  }

  /** Every broker node's AMQP {@code host:port}: {@code amqp.addresses}, or {@code amqp.uri}'s one. */
  public List<String> brokers() {
    if (!amqp.addresses.isEmpty()) {
      return amqp.addresses;
    }
    URI uri = URI.create(amqp.uri);
    return List.of(uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : amqp.uri.startsWith("amqps:") ? 5671 : 5672));
  }

  /** {@code amqp.uri} pointed at broker {@code i} of {@link #brokers()} (modulo their number). */
  public String brokerUri(int i) {
    List<String> all = brokers();
    String hostPort = all.get(Math.floorMod(i, all.size()));
    URI uri = URI.create(amqp.uri);
    String auth = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
    String rest = (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return uri.getScheme() + "://" + auth + hostPort + rest;
  }

  /** Every node's stream protocol {@code host:port}: {@code stream.addresses}, or each broker's host with stream.port. */
  public List<String> streamBrokers() {
    if (!stream.addresses.isEmpty()) {
      return stream.addresses;
    }
    return brokers().stream().map(b -> b.substring(0, b.lastIndexOf(':')) + ":" + stream.port).toList();
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
  public Path snapshotFolder() {
    return Path.of(snapshot.dir).resolve(namespace);
  }

  public boolean readsStreamProtocol() {
    return TRANSPORT_STREAM.equals(events.transport);
  }
}
