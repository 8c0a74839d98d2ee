package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Scrape;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and idle clients cannot hold a node's connections: a request must arrive whole within
 * {@code http.requestTimeoutSeconds}, a silent connection is closed, one address holds at most
 * {@code http.maxConnectionsPerAddress} and the node at most {@code http.maxConnections} — while sockets, which ping,
 * outlive the idle timeout. Attackers connect from other loopback addresses (127.0.0.2…) than the users (127.0.0.1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionLimitsTest {
  static final int REQUEST_TIMEOUT = 2;
  static final int IDLE_TIMEOUT = 31;
  static final int PER_ADDRESS = 60;
  static final int MAX = 150;
  static User ana;
  static Socket socket;
  static long socketOpenedAt;
  static final ExecutorService pool = Executors.newCachedThreadPool();

  @RegisterExtension
  static final OneNode node = OneNode.with("http.requestTimeoutSeconds", String.valueOf(REQUEST_TIMEOUT), "http.idleTimeoutSeconds",
      String.valueOf(IDLE_TIMEOUT), "http.maxConnectionsPerAddress", String.valueOf(PER_ADDRESS), "http.maxConnections", String.valueOf(MAX));

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    socket = node.app.socket(ana.cookie());
    assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
    socketOpenedAt = System.nanoTime();
  }

  @AfterAll
  static void stop() throws Exception {
    pool.shutdownNow();
    socket.close();
  }

  @Test
  @Order(1)
  @DisplayName("50 slowloris connections, a header byte every 500 ms, are each closed within the request timeout; users are served meanwhile")
  void slowloris() throws Exception {
    List<Long> before = userLatencies(100);
    List<CompletableFuture<Double>> attack = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attack.add(CompletableFuture.supplyAsync(() -> trickle("127.0.0.2", 30), pool));
    }
    List<Long> during = new ArrayList<>();
    while (attack.stream().anyMatch(f -> !f.isDone())) {
      during.addAll(userLatencies(10));
    }
    List<Double> closedAfter = attack.stream().map(CompletableFuture::join).toList();
    System.out.printf("ConnectionLimitsTest slowloris: 50 connections closed after %.1f–%.1f s (timeout %d s); users' p50/p99 %d/%d ms "
        + "before, %d/%d ms during (%d requests)%n", closedAfter.stream().mapToDouble(d -> d).min().orElse(-1),
      closedAfter.stream().mapToDouble(d -> d).max().orElse(-1), REQUEST_TIMEOUT, percentile(before, 50), percentile(before, 99),
      percentile(during, 50), percentile(during, 99), during.size());
    assertThat(closedAfter).as("seconds until the server closed each slowloris (-1: still open after 30 s)")
      .allSatisfy(s -> assertThat(s).isBetween(REQUEST_TIMEOUT - 0.5, REQUEST_TIMEOUT + 10.0));
    assertThat(during).isNotEmpty();
    assertThat(percentile(during, 99)).as("users' p99 during the attack, ms").isLessThan(3_000);
    assertThat(health().getLong("timedOut")).isGreaterThanOrEqualTo(50);
  }

  @Test
  @Order(2)
  @DisplayName("30 connections that never send a byte are closed within the request timeout")
  void silent() throws Exception {
    List<CompletableFuture<Double>> silent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      silent.add(CompletableFuture.supplyAsync(() -> {
        long start = System.nanoTime();
        try (java.net.Socket s = connectFrom("127.0.0.4")) {
          s.setSoTimeout(30_000);
          return s.getInputStream().read() == -1 ? seconds(start) : -2.0;
        } catch (SocketException e) {
          return seconds(start);
        } catch (Exception e) {
          return -1.0;
        }
      }, pool));
    }
    List<Double> closedAfter = silent.stream().map(CompletableFuture::join).toList();
    System.out.printf("ConnectionLimitsTest silent: 30 connections closed after at most %.1f s%n",
      closedAfter.stream().mapToDouble(d -> d).max().orElse(-1));
    assertThat(closedAfter).allSatisfy(s -> assertThat(s).isBetween(REQUEST_TIMEOUT - 0.5, REQUEST_TIMEOUT + 10.0));
  }

  @Test
  @Order(3)
  @DisplayName("one address keeps at most its cap of connections; past it each gets 503 at once; other addresses are served")
  void perAddress() throws Exception {
    List<java.net.Socket> held = new ArrayList<>();
    int ok = 0;
    int refused = 0;
    try {
      for (int i = 0; i < PER_ADDRESS + 20; i++) {
        java.net.Socket s = connectFrom("127.0.0.3");
        held.add(s);
        String status = get(s);
        ok += status.startsWith("HTTP/1.1 200") ? 1 : 0;
        if (status.startsWith("HTTP/1.1 503")) {
          refused++;
          assertThat(drainToEnd(s)).as("a refused connection gets its 503 problem, nothing else, and is closed")
            .contains("/problems/too-many-connections").doesNotContain("HTTP/1.1 200");
        }
      }
      System.out.printf("ConnectionLimitsTest perAddress: %d connections from one address, cap %d: %d served, %d refused%n",
        PER_ADDRESS + 20, PER_ADDRESS, ok, refused);
      assertThat(ok).isEqualTo(PER_ADDRESS);
      assertThat(refused).isEqualTo(20);
      assertThat(node.api.get(ana, "/api/lists").status()).as("a user from another address").isEqualTo(200);
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
    assertThat(servedAgain("127.0.0.3")).as("the address may connect again once its connections closed").isTrue();
  }

  @Test
  @Order(4)
  @DisplayName("the node keeps at most http.maxConnections; past it, 503 at once; it serves again once they close")
  void total() throws Exception {
    List<java.net.Socket> held = new ArrayList<>();
    int ok = 0;
    int refused = 0;
    try {
      for (int i = 0; i < 200; i++) {
        java.net.Socket s = connectFrom("127.0.0." + (5 + i % 4));
        held.add(s);
        String status = get(s);
        ok += status.startsWith("HTTP/1.1 200") ? 1 : 0;
        refused += status.startsWith("HTTP/1.1 503") ? 1 : 0;
      }
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
    System.out.printf("ConnectionLimitsTest total: 200 connections from 4 addresses against a cap of %d: %d served, %d refused%n",
      MAX, ok, refused);
    assertThat(ok + refused).isEqualTo(200);
    assertThat(ok).isLessThan(MAX);
    assertThat(refused).isGreaterThanOrEqualTo(200 - MAX);
    assertThat(servedAgain("127.0.0.5")).isTrue();
    Scrape scrape = Scrape.of(node.app);
    assertThat(scrape.value("eventual_http_connections_max")).isEqualTo(MAX);
    assertThat(scrape.value("eventual_http_connections_refused_total")).as("counted in /metrics as in /health")
      .isEqualTo(health().getLong("refused").doubleValue()).isGreaterThanOrEqualTo(refused);
  }

  @Test
  @Order(5)
  @DisplayName("a socket that pings outlives the idle timeout and still gets its pushes")
  void socketsOutliveIdleTimeout() throws Exception {
    long left = TimeUnit.SECONDS.toNanos(IDLE_TIMEOUT + 5) - (System.nanoTime() - socketOpenedAt);
    assertThat(socket.awaitClosed(Math.max(0, TimeUnit.NANOSECONDS.toSeconds(left)))).as("closed within the idle timeout").isFalse();
    String listId = node.api.createList(ana, "still pushed");
    assertThat(socket.nextMessage(10).getString("listId")).isEqualTo(listId);
  }

  /** A slowloris from {@code from}: a header byte every 500 ms; seconds until the server closed it, -1 if never. */
  private static double trickle(String from, int limitSeconds) {
    byte[] head = "GET /ready HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
    long start = System.nanoTime();
    try (java.net.Socket s = connectFrom(from)) {
      s.setSoTimeout(500);
      InputStream in = s.getInputStream();
      for (int i = 0; seconds(start) < limitSeconds; i++) {
        s.getOutputStream().write(i < head.length ? head[i] : 'a');
        try {
          if (in.read() == -1) {
            return seconds(start);
          }
        } catch (SocketTimeoutException stillOpen) {
          // the pace of the attack: the server neither answered nor closed within 500 ms
        }
      }
      return -1;
    } catch (SocketException closed) {
      return seconds(start);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.net.Socket connectFrom(String local) throws Exception {
    java.net.Socket s = new java.net.Socket();
    s.bind(new InetSocketAddress(local, 0));
    s.connect(new InetSocketAddress("127.0.0.1", node.app.port()), 5_000);
    return s;
  }

  /** A keep-alive GET /ready; its status line. */
  private static String get(java.net.Socket s) throws Exception {
    s.setSoTimeout(10_000);
    s.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    StringBuilder line = new StringBuilder();
    for (int c; (c = s.getInputStream().read()) != -1 && c != '\n'; ) {
      line.append((char) c);
    }
    return line.toString();
  }

  /** The rest of what the server sends until it closes the connection. */
  private static String drainToEnd(java.net.Socket s) throws Exception {
    s.setSoTimeout(10_000);
    StringBuilder rest = new StringBuilder();
    try {
      for (int c; (c = s.getInputStream().read()) != -1; ) {
        rest.append((char) c);
      }
    } catch (SocketException reset) {
      // closed all the same
    }
    return rest.toString();
  }

  /** Whether a new connection from {@code from} is served within 10 s of tries: the node lets go of closed ones. */
  private static boolean servedAgain(String from) throws Exception {
    long start = System.nanoTime();
    while (seconds(start) < 10) {
      try (java.net.Socket s = connectFrom(from)) {
        if (get(s).startsWith("HTTP/1.1 200")) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<Long> userLatencies(int requests) {
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      Api.Response r = i % 2 == 0 ? node.api.get(null, "/ready") : node.api.get(ana, "/api/lists");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      ms.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
    return ms;
  }

  private static JsonObject health() {
    return node.app.management.get(null, "/health").json().getJsonObject("connections");
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
