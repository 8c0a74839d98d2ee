package dev.eventual.scale;

import dev.eventual.support.PrivateBroker;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command on a machine where RabbitMQ runs but its stream protocol is off, as on every new
 * install: its set-up step turns the protocol on, and a node then starts. A broker of the test's own (port 5690,
 * streams on 5570), so the shared one keeps its plugin.
 */
class FirstRunTest {
  static final int PORT = 5690;

  @Test
  @DisplayName("the README's first command sets up a broker whose stream plugin is off, and a node then starts on it")
  void firstCommandTurnsStreamsOn() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String first = readme.substring(readme.indexOf("```bash\n") + 8).lines().findFirst().orElseThrow();
    assertThat(first).startsWith("rabbitmq/start.sh && ").contains("mvn -q -B package -DskipTests && java -jar target/eventual.jar");
    String setUp = first.substring(0, first.indexOf(" && "));

    try (PrivateBroker broker = PrivateBroker.start(PORT)) {
      broker.asTheBroker("rabbitmq-plugins", "disable", "rabbitmq_stream");
      assertThat(answers(broker.streamPort())).as("the stream protocol is off").isFalse();

      String out = broker.asTheBroker("bash", "-c", setUp);
      assertThat(out).contains("Enabling RabbitMQ's stream protocol").contains("(streams)");
      assertThat(answers(broker.streamPort())).as("the stream protocol is on").isTrue();

      String ns = TestNode.namespace();
      try (TestNode node = TestNode.start(ns, "amqp.uri", broker.uri(), "stream.port", String.valueOf(broker.streamPort()))) {
        assertThat(node.api.get(null, "/ready").status()).isEqualTo(200);
      }
    }
  }

  private static boolean answers(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
