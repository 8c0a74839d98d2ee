package dev.eventual.support;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Eventual in a JVM of its own, started as a user starts it (Main with flags), killable with SIGKILL. Every line it
 * prints goes to its log file and is kept with this JVM's clock, so start-up phases can be timed from it.
 */
public final class NodeProcess implements AutoCloseable {
  /** How to start one: its class path (this JVM's, or a jar), JVM flags (heap, JFR) and where its log goes. */
  public record Launch(String classpath, List<String> jvmFlags, Path logDir) {
    public static Launch forTests() {
      return new Launch(System.getProperty("java.class.path"), List.of("-Xmx256m"), Path.of(System.getProperty("java.io.tmpdir")));
    }
  }

  public record Line(long nanos, String text) {
  }

  private final Process process;
  public final int port;
  public final Path log;
  public final Api api;
  /** The management port's answers: /health, /metrics, /ready. */
  public final Api management;
  public final int managementPort;
  public final long startedNanos;
  private final List<Line> lines = new CopyOnWriteArrayList<>();

  private NodeProcess(Process process, int port, int managementPort, Path log, long startedNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
    this.api = new Api(port);
    this.managementPort = managementPort;
    this.management = new Api(managementPort);
    Thread reader = new Thread(this::keepLog, "node-log-" + port);
    reader.setDaemon(true);
    reader.start();
  }

  /** A node on this JVM's class path with the tests' settings, ready to serve. */
  public static NodeProcess start(String namespace, String... flags) throws Exception {
    NodeProcess node = start(Launch.forTests(), namespace, flags);
    node.awaitReady(60);
    return node;
  }

  /** Starts a node with the tests' settings ({@link TestNode#config}) on a free port; {@code flags} come after them. */
  public static NodeProcess start(Launch launch, String namespace, String... flags) throws Exception {
    return start(launch, null, freePort(), namespace, flags);
  }

  /**
   * A node in a working directory of its own ({@code webroot/}, {@code data/} and the other relative paths resolve
   * there, as for an operator who starts the jar in its folder), on a given port (a redeploy keeps it), not yet ready.
   */
  public static NodeProcess startIn(Path dir, int port, String namespace, String... flags) throws Exception {
    return start(Launch.forTests(), dir, port, namespace, flags);
  }

  private static NodeProcess start(Launch launch, Path dir, int port, String namespace, String... flags) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin("java")));
    command.addAll(launch.jvmFlags());
    command.addAll(List.of("-cp", launch.classpath(), "dev.eventual.Main"));
    int managementPort = freePort();
    JsonObject settings = TestNode.config(namespace, "http.port", String.valueOf(port), "management.port", String.valueOf(managementPort));
    settings.forEach(e -> command.addAll(List.of("--" + e.getKey(), String.valueOf(e.getValue()))));
    command.addAll(List.of(flags));
    Files.createDirectories(launch.logDir());
    Path log = launch.logDir().resolve("node-" + namespace + "-" + port + ".log");
    long t0 = System.nanoTime();
    Process process = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
    return new NodeProcess(process, port, managementPort, log, t0);
  }

  /** Runs Main to completion (for start-up errors) and returns its exit code and output. */
  public static Result run(String... flags) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin("java"), "-cp", System.getProperty("java.class.path"), "dev.eventual.Main"));
    command.addAll(List.of(flags));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Main did not exit");
    }
    return new Result(process.exitValue(), new String(process.getErrorStream().readAllBytes()),
      new String(process.getInputStream().readAllBytes()));
  }

  public record Result(int exitCode, String stderr, String stdout) {
  }

  private void keepLog() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(new Line(System.nanoTime(), line));
        out.println(line);
        out.flush();
      }
    } catch (Exception ignored) {
      // the node is gone
    }
  }

  /** Waits until GET /ready answers 200. */
  public void awaitReady(long seconds) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + "; log " + log + ":\n" + logText());
      }
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      try {
        process.onExit().get(200, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillStarting) {
        // poll /ready again
      }
    }
    throw new IllegalStateException("node not ready in " + seconds + " s; log " + log + ":\n" + logText());
  }

  private String logText() {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l.text()).append('\n'));
    return sb.toString();
  }

  public List<Line> lines() {
    return lines;
  }

  /** The first log line matching, waiting up to {@code seconds}; null if none came or the node died. */
  public Line await(Predicate<String> match, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int seen = 0;
    while (System.nanoTime() < deadline) {
      for (; seen < lines.size(); seen++) {
        if (match.test(lines.get(seen).text())) {
          return lines.get(seen);
        }
      }
      if (!process.isAlive()) {
        return null;
      }
      Thread.sleep(20);
    }
    return null;
  }

  public long pid() {
    return process.pid();
  }

  /** Looks inside the node's JVM without changing the app. */
  public String jcmd(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin("jcmd"), String.valueOf(pid())));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("jcmd " + String.join(" ", args) + " did not finish");
    }
    return out;
  }

  /** Heap in use right after a full GC, in bytes. */
  public long heapAfterGc() throws Exception {
    jcmd("GC.run");
    Thread.sleep(300);
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read GC.heap_info: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** Waits for the node to exit on its own (a halt): its exit code, or -1 if it still runs after {@code seconds}. */
  public int awaitExit(long seconds) throws Exception {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** kill -9: no shutdown hook, no goodbye to the broker. */
  public void kill() throws Exception {
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private static String javaBin(String tool) {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + tool;
  }

  public static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
