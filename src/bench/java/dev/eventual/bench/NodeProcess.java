package dev.eventual.bench;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Eventual node in a child JVM, started from the freshly built jar exactly as a user starts it (Main with flags).
 * Every line it prints is kept with the bench's own clock, so start-up phases can be timed from its log.
 */
final class NodeProcess implements AutoCloseable {
  static final String SECRET = "bench-secret-bench-secret-bench-secret-0123456789";

  record Line(long nanos, String text) {
  }

  final Process process;
  final int port;
  final Path log;
  final long startedNanos;
  private final List<Line> lines = new CopyOnWriteArrayList<>();

  private NodeProcess(Process process, int port, Path log, long startedNanos) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startedNanos = startedNanos;
    Thread reader = new Thread(() -> {
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
    }, "node-log-" + port);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node; {@code jvmFlags} go before -cp (heap, JFR), {@code flags} after Main. */
  static NodeProcess start(String jar, String namespace, Path logDir, List<String> jvmFlags, String... flags) throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", jar, "dev.eventual.Main", "--namespace", namespace, "--http.port", String.valueOf(port),
      "--auth.secret", SECRET, "--auth.pbkdf2Iterations", "1000", "--auth.signupsPerAddressPerHour", "1000000"));
    command.addAll(List.of(flags));
    Files.createDirectories(logDir);
    Path log = logDir.resolve("node-" + namespace + "-" + port + ".log");
    long t0 = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new NodeProcess(process, port, log, t0);
  }

  long pid() {
    return process.pid();
  }

  List<Line> lines() {
    return lines;
  }

  /** The first log line matching, waiting up to {@code seconds}; null if none came or the node died. */
  Line await(Predicate<String> match, long seconds) throws InterruptedException {
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

  void awaitReady(long seconds) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + "; log: " + log);
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("node not ready in " + seconds + " s; log: " + log);
  }

  // ---- looking inside the JVM without changing the app: jcmd ----

  static String jcmd(long pid, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /** Heap in use right after a full GC, in bytes (jcmd GC.run, then GC.heap_info). */
  long heapAfterGc() throws Exception {
    jcmd(pid(), "GC.run");
    Thread.sleep(300);
    jcmd(pid(), "GC.run");
    String info = jcmd(pid(), "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read GC.heap_info: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  long rssBytes() {
    return procStatus("VmRSS:") * 1024;
  }

  int openFiles() {
    String[] fds = new File("/proc/" + pid() + "/fd").list();
    return fds == null ? -1 : fds.length;
  }

  private long procStatus(String key) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
        if (l.startsWith(key)) {
          return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (Exception ignored) {
      // not on Linux
    }
    return -1;
  }

  /** The soft RLIMIT_NOFILE of a process (the child inherits the bench's). */
  static long maxOpenFiles(String pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (l.startsWith("Max open files")) {
          return Long.parseLong(l.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (Exception ignored) {
      // not on Linux
    }
    return Long.MAX_VALUE;
  }

  /** Process CPU time (user+sys) in ms, from /proc/PID/stat. */
  long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10;
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
