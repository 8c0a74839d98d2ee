package dev.eventual.support;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Eventual in a JVM of its own, started as a user would (Main with flags), and killable with SIGKILL. */
public final class AppProcess implements AutoCloseable {
  private final Process process;
  public final int port;
  public final Path log;
  public final Api api;

  private AppProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.api = new Api(port);
  }

  public static AppProcess start(String namespace, String... flags) throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
      "dev.eventual.Main", "--namespace", namespace, "--http.port", String.valueOf(port),
      "--auth.pbkdf2Iterations", "1000", "--auth.secret", "test-secret-test-secret-test-secret-0123",
      "--auth.signupsPerAddressPerHour", "1000000"));
    command.addAll(List.of(flags));
    Path log = Files.createTempFile("eventual-" + namespace + "-", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    AppProcess app = new AppProcess(process, port, log);
    app.awaitReady();
    return app;
  }

  /** Runs Main to completion (for start-up errors) and returns its exit code and output. */
  public static Result run(String... flags) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), "dev.eventual.Main"));
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

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("app exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
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
    throw new AssertionError("app not ready in 60 s:\n" + Files.readString(log));
  }

  public long pid() {
    return process.pid();
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
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
