package dev.eventual.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) of a test's own: a free port on 127.0.0.1, a data folder of
 * its own that goes when it is closed, scraping the targets every second (job {@code eventual}, path
 * {@link Scrape#PATH}) and evaluating the rule files every second.
 */
public final class Prometheus implements AutoCloseable {
  public static final String BINARY = "/usr/bin/prometheus";

  private final Process process;
  private final Path folder;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Prometheus(Process process, Path folder, int port) {
    this.process = process;
    this.folder = folder;
    this.port = port;
  }

  public static Prometheus start(List<String> targets, List<Path> ruleFiles) throws Exception {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IllegalStateException(BINARY + " is missing: install Debian's prometheus package (.ci/run does)");
    }
    Path folder = Files.createTempDirectory("eventual-prometheus-");
    String config = """
      global:
        scrape_interval: 1s
        scrape_timeout: 1s
        evaluation_interval: 1s
      rule_files: [%s]
      scrape_configs:
        - job_name: eventual
          metrics_path: %s
          static_configs:
            - targets: [%s]
      """.formatted(ruleFiles.stream().map(p -> "'" + p.toAbsolutePath() + "'").collect(Collectors.joining(", ")), Scrape.PATH,
      targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")));
    Files.writeString(folder.resolve("prometheus.yml"), config);
    int port = NodeProcess.freePort();
    Process process = new ProcessBuilder(BINARY, "--config.file=" + folder.resolve("prometheus.yml"),
      "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
      .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
    Prometheus prometheus = new Prometheus(process, folder, port);
    prometheus.awaitReady();
    return prometheus;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).get();
    }
    throw new IllegalStateException("prometheus not ready in 30 s: " + log());
  }

  public String log() throws java.io.IOException {
    return Files.readString(folder.resolve("prometheus.log"));
  }

  private HttpResponse<String> get(String pathAndQuery) throws java.io.IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject api(String pathAndQuery) {
    try {
      HttpResponse<String> r = get(pathAndQuery);
      JsonObject body = new JsonObject(r.body());
      if (!"success".equals(body.getString("status"))) {
        throw new AssertionError(pathAndQuery + ": " + body.getString("errorType") + ": " + body.getString("error"));
      }
      return body;
    } catch (java.io.IOException e) {
      throw new AssertionError(pathAndQuery + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** An instant query now: its result vector; an AssertionError with Prometheus' message if it is not valid PromQL. */
  public JsonArray query(String promql) {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).getJsonObject("data").getJsonArray("result");
  }

  /** The values of label {@code label} among the series {@code match} selects. */
  public JsonArray labelValues(String label, String match) {
    return api("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8)).getJsonArray("data");
  }

  /** The rule groups as evaluated last, each rule with its {@code health} and {@code lastError}. */
  public JsonArray rules() {
    return api("/api/v1/rules").getJsonObject("data").getJsonArray("groups");
  }

  /** The alerts pending or firing now, as {@code /api/v1/alerts} lists them. */
  public List<JsonObject> alerts() {
    return api("/api/v1/alerts").getJsonObject("data").getJsonArray("alerts").stream().map(JsonObject.class::cast).toList();
  }

  /** The first alert named {@code name} matching {@code which}, waiting up to {@code seconds}; null if none came. */
  public JsonObject awaitAlert(String name, Predicate<JsonObject> which, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    do {
      for (JsonObject alert : alerts()) {
        if (name.equals(alert.getJsonObject("labels").getString("alertname")) && which.test(alert)) {
          return alert;
        }
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return null;
  }

  /** Waits up to {@code seconds} until no alert named {@code name} matching {@code which} is pending or firing. */
  public boolean awaitCleared(String name, Predicate<JsonObject> which, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    do {
      if (alerts().stream().noneMatch(a -> name.equals(a.getJsonObject("labels").getString("alertname")) && which.test(a))) {
        return true;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return false;
  }

  /** Waits until every target has been scraped up at least {@code scrapes} times, up to {@code seconds}. */
  public void awaitScrapes(int scrapes, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      JsonArray fewest = query("min(sum_over_time(up[5m]))");
      if (!fewest.isEmpty() && Double.parseDouble(fewest.getJsonObject(0).getJsonArray("value").getString(1)) >= scrapes) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("targets not scraped " + scrapes + " times in " + seconds + " s: " + query("up"));
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Namespace.deleteFolder(folder);
  }
}
