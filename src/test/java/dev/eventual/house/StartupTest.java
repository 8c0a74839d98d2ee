package dev.eventual.house;

import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupTest {

  @Test
  @DisplayName("bad configuration is one readable line and exit code 2")
  void badConfig() throws Exception {
    NodeProcess.Result result = NodeProcess.run("--partitions", "many");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip().lines()).containsExactly("eventual: partitions must be a whole number, got 'many'");

    NodeProcess.Result unknown = NodeProcess.run("--htp.port=80");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr().strip().lines()).hasSize(1).first().asString().startsWith("eventual: unknown flag --htp.port");
  }

  @Test
  @DisplayName("an unreachable broker is one readable line saying how to start one, and exit code 1")
  void brokerUnreachable() throws Exception {
    NodeProcess.Result result = NodeProcess.run("--amqp.uri", "amqp://guest:secret@127.0.0.1:1", "--amqp.startupWaitSeconds", "1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr().strip().lines()).hasSize(1);
    assertThat(result.stderr()).contains("cannot reach RabbitMQ at 127.0.0.1:1").contains("rabbitmq/start.sh")
      .doesNotContain("secret");
  }

  @Test
  @DisplayName("a broker whose stream protocol is off is one readable line saying how to turn it on, and exit code 1")
  void streamProtocolOff() throws Exception {
    String ns = TestNode.namespace();
    try {
      NodeProcess.Result result = NodeProcess.run("--namespace", ns, "--http.port", "0", "--stream.port", "1",
        "--amqp.startupWaitSeconds", "1");
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr().lines().filter(l -> l.startsWith("eventual:"))).singleElement().asString()
        .contains("stream protocol does not answer on localhost:1").contains("rabbitmq-plugins enable rabbitmq_stream")
        .contains("--events.transport=amqp");
    } finally {
      Namespace.delete(ns);
    }
  }
}
