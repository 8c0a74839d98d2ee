package dev.eventual.house;

import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The artifact the README's first command builds and starts: target/eventual.jar, on its own. */
class FatJarIT {

  @Test
  @DisplayName("java -jar target/eventual.jar starts, logs where it is, and serves the app, the SockJS client and the API")
  void fatJarRuns() throws Exception {
    String ns = TestNode.namespace();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("eventual-jar-", ".log");
    // Started away from the project, so the pages' shell (webroot/index.html) comes from the jar, not the folder.
    Path away = Files.createTempDirectory("eventual-jar-cwd-");
    Process app = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-jar", System.getProperty("eventual.jar"),
      "--namespace", ns, "--http.port", String.valueOf(port), "--management.port", "0").directory(away.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("Eventual is up on http://localhost:" + port)) {
        assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("started within 60 s:\n" + Files.readString(log)).isLessThan(deadline);
        app.onExit().completeOnTimeout(app, 200, TimeUnit.MILLISECONDS).get();
      }
      assertThat(Files.readString(log)).doesNotContain("SLF4J: No SLF4J providers").doesNotContain("Exception");
      assertThat(get(http, port, "/").body()).contains("<!doctype html>");
      assertThat(get(http, port, "/signin").body()).as("the page without JavaScript, in the app's shell")
        .contains("<div id=\"plain\">").contains("name=\"token\"").contains("<script type=\"module\" src=\"/js/app.js\">");
      assertThat(get(http, port, "/webjars/sockjs-client/1.6.1/dist/sockjs.min.js").statusCode()).isEqualTo(200);
      assertThat(get(http, port, "/ready").statusCode()).isEqualTo(200);
      assertThat(get(http, port, "/health").statusCode()).as("on the management port only").isEqualTo(404);
      assertThat(get(http, port, "/api/me").statusCode()).isEqualTo(401);
    } finally {
      app.destroy();
      app.waitFor(15, TimeUnit.SECONDS);
      Namespace.delete(ns);
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
