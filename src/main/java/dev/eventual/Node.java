package dev.eventual;

import dev.eventual.auth.LoginLimiter;
import dev.eventual.auth.Sessions;
import dev.eventual.config.Chaos;
import dev.eventual.config.Settings;
import dev.eventual.domain.State;
import dev.eventual.eventlog.EventWindow;
import dev.eventual.metrics.Metrics;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the verticles of one JVM share: its settings, the read model (written only by the event log
 * verticle), the window of recent events, and the partitions this node's processors are active on.
 */
public final class Node {
  private final String nodeId = UUID.randomUUID().toString();
  private final Settings settings;
  private final State state = new State();
  private final EventWindow window;
  private final Chaos chaos;
  private final Metrics metrics;
  private final Sessions sessions;
  private final LoginLimiter loginLimiter;
  private final Accepted accepted = new Accepted(100_000);
  private final java.util.concurrent.ConcurrentMap<Integer, Object> activePartitions = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;
  private volatile boolean logConnected;
  private volatile int httpPort;
  private final java.util.concurrent.atomic.AtomicLong slowSocketsClosed = new java.util.concurrent.atomic.AtomicLong();

  public Node(Settings settings) {
    this.settings = settings;
    this.window = new EventWindow(settings.eventsWindow());
    this.chaos = new Chaos(settings);
    this.metrics = new Metrics(state::cursor);
    byte[] secret = settings.authSecret().getBytes(StandardCharsets.UTF_8);
    if (secret.length == 0) {
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
    }
    this.loginLimiter = new LoginLimiter(settings.loginsPerUser(), settings.loginsPerAddress());
    this.sessions = new Sessions(secret, settings.sessionHours() * 3600L, Clock.systemUTC());
  }

  public String nodeId() {
    return nodeId;
  }

  public Settings settings() {
    return settings;
  }

  public State state() {
    return state;
  }

  public Sessions sessions() {
    return sessions;
  }

  public LoginLimiter loginLimiter() {
    return loginLimiter;
  }

  public Accepted accepted() {
    return accepted;
  }

  public Metrics metrics() {
    return metrics;
  }

  public Chaos chaos() {
    return chaos;
  }

  public EventWindow window() {
    return window;
  }

  /** The partitions a processor of this node is active on, each mapped to that processor. */
  public java.util.concurrent.ConcurrentMap<Integer, Object> activePartitions() {
    return activePartitions;
  }

  public boolean caughtUp() {
    return caughtUp;
  }

  public void caughtUp(boolean value) {
    caughtUp = value;
  }

  /** Sockets closed because they stopped reading (see SocketBridge). */
  public java.util.concurrent.atomic.AtomicLong slowSocketsClosed() {
    return slowSocketsClosed;
  }

  public int httpPort() {
    return httpPort;
  }

  public void httpPort(int port) {
    httpPort = port;
  }

  public boolean logConnected() {
    return logConnected;
  }

  public void logConnected(boolean value) {
    logConnected = value;
  }
}
