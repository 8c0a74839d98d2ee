package dev.eventual.ops;

import dev.eventual.config.ConfigException;
import dev.eventual.config.ConfigLoader;
import dev.eventual.config.Settings;
import dev.eventual.support.Api;
import dev.eventual.support.OneNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import static dev.eventual.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What tells about the node's insides (ids, partitions, cursors, memory) is for its operator, on a port of their own. */
class ManagementTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  @Test
  @DisplayName("/health and /metrics are not on the public port; /ready, for load balancers, is")
  void notPublic() {
    Api.User ana = node.api.signup(Api.uniqueName("ana"));
    for (String path : List.of("/health", "/metrics")) {
      for (String cookie : new String[] {null, ana.cookie()}) {
        Api.Response r = node.api.send("GET", path, cookie, null);
        assertProblem(r, 404);
        assertThat(r.body()).doesNotContain(node.app.node.nodeId()).doesNotContain("jvm_");
      }
    }
    Api.Response ready = node.api.get(null, "/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().fieldNames()).containsExactlyInAnyOrder("ready", "broker", "caughtUp", "breaker", "cursor");
  }

  @Test
  @DisplayName("the management port answers /health, /metrics and /ready, and nothing of the app")
  void managementPort() {
    assertThat(node.app.managementPort()).isNotEqualTo(node.app.port());
    Api.Response health = node.app.management.get(null, "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("node")).isEqualTo(node.app.node.nodeId());
    assertThat(health.headers().firstValue("cache-control")).hasValue("no-store");
    Api.Response metrics = node.app.management.get(null, "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("eventual_read_model_cursor", "jvm_memory");
    assertThat(node.app.management.get(null, "/ready").status()).isEqualTo(200);
    for (String path : List.of("/", "/index.html", "/api/me", "/api/lists", "/eventbus/info")) {
      assertProblem(node.app.management.get(null, path), 404);
    }
    assertProblem(node.app.management.send("POST", "/health", null, "{}"), 405);
  }

  @Test
  @DisplayName("by default the management port listens on loopback only: another interface of the machine is refused")
  void loopbackOnly() throws Exception {
    InetAddress outside = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
      .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst()
      .orElseThrow(() -> new AssertionError("this machine has no interface but loopback to try from"));
    try (Socket publicPort = new Socket()) {
      publicPort.connect(new InetSocketAddress(outside, node.app.port()), 2000);
      assertThat(publicPort.isConnected()).as("the public port is on every interface").isTrue();
    }
    assertThatThrownBy(() -> {
      try (Socket management = new Socket()) {
        management.connect(new InetSocketAddress(outside, node.app.managementPort()), 2000);
      }
    }).as(outside + ":" + node.app.managementPort()).isInstanceOf(ConnectException.class);
  }

  @Test
  @DisplayName("management.host defaults to 127.0.0.1; one port for both servers is one line at start")
  void settings() {
    Settings defaults = Settings.from(ConfigLoader.load(new String[0], Map.of()));
    assertThat(defaults.management().host()).isEqualTo("127.0.0.1");
    assertThat(defaults.management().port()).isNotEqualTo(defaults.http().port());
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--http.port=9000", "--management.port=9000"}, Map.of()))
      .isInstanceOf(ConfigException.class).hasMessageContaining("management.port");
    assertThat(Settings.from(ConfigLoader.load(new String[] {"--http.port=0", "--management.port=0"}, Map.of()))
      .management().port()).as("any free port for both, as tests start them").isZero();
  }
}
