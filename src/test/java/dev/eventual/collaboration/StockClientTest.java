package dev.eventual.collaboration;

import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code @vertx/eventbus-bridge-client.js} (with sockjs-client, versions pinned in
 * {@code src/test/client/package-lock.json}, installed by {@code npm ci} from Maven) against a running node:
 * {@code src/test/client/stock-client.test.js} under {@code node --test}, its TAP report read here.
 */
class StockClientTest {
  static final Path CLIENT = Path.of("src/test/client");
  static final List<String> TESTS = List.of(
    "registers and receives over websocket, and the register frame gets no answer the client cannot read",
    "registers and receives over xhr-streaming, and the register frame gets no answer the client cannot read",
    "registers and receives over xhr-polling, and the register frame gets no answer the client cannot read",
    "a foreign address is refused with an err frame that reaches onerror; nothing of it arrives",
    "with enableReconnect(true) the client reconnects after the server closes it, registers again and receives");

  @Test
  @DisplayName("the stock Vert.x event-bus client registers, receives, reconnects and is refused as the README says, over every transport")
  void stockClient() throws Exception {
    assertThat(CLIENT.resolve("node_modules/@vertx/eventbus-bridge-client.js")).as("npm ci in " + CLIENT + " (Maven runs it)").exists();
    String ns = TestNode.namespace();
    try (TestNode app = TestNode.start(ns, "socket.pingTimeoutSeconds", "3")) {
      ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=tap", "stock-client.test.js")
        .directory(CLIENT.toFile()).redirectErrorStream(true);
      node.environment().put("EVENTUAL_URL", "http://127.0.0.1:" + app.port());
      Path log = Files.createTempFile("stock-client-", ".tap");
      Process p = node.redirectOutput(log.toFile()).start();
      boolean ended = p.waitFor(180, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly();
      }
      String tap = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as("node --test ended\n" + tap).isTrue();
      assertThat(p.exitValue()).as(tap).isZero();
      for (String name : TESTS) {
        assertThat(tap).as(tap).containsPattern("(?m)^ok \\d+ - " + Pattern.quote(name) + "$");
      }
      assertThat(count(tap, "pass")).as(tap).isEqualTo(TESTS.size());
      assertThat(count(tap, "fail")).as(tap).isZero();
    } finally {
      Namespace.delete(ns);
    }
  }

  private static int count(String tap, String what) {
    Matcher m = Pattern.compile("(?m)^# " + what + " (\\d+)$").matcher(tap);
    assertThat(m.find()).as("'# " + what + "' in the report").isTrue();
    return Integer.parseInt(m.group(1));
  }
}
