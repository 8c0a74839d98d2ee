package dev.eventual.ops;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Ops;
import dev.eventual.support.Prometheus;
import dev.eventual.support.Scrape;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ops/ against a real Prometheus that scrapes a running node and evaluates the real rule files: every dashboard query
 * and every metric a rule reads returns data (a misspelt name or label returns none), every rule evaluates without
 * error, and no alert is pending or firing for a healthy node.
 */
class LivePrometheusTest {
  static Socket socket;
  static Prometheus prometheus;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  @BeforeAll
  static void start() throws Exception {
    Api api = node.api;
    User ana = node.api.signup(Api.uniqueName("ana"));
    String listId = node.api.createList(ana, "watched");
    socket = node.app.socket(ana.cookie());
    assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
    prometheus = Prometheus.start(List.of(Scrape.target(Scrape.port(node.app))), List.of(Ops.ALERTS, Ops.RECORDING));
    prometheus.awaitScrapes(2, 60);
    // Traffic between scrapes, so that rates and latencies have something to show.
    for (int i = 0; i < 10; i++) {
      assertThat(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", "todo " + i).encode(),
        "Prefer", "wait=10").status()).isEqualTo(201);
    }
    assertThat(node.api.get(ana, "/api/nothing-here").status()).isEqualTo(404);
    // GC pauses are timed from the first collection after the node started: make sure there is one.
    System.gc();
    prometheus.awaitScrapes(8, 60);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    socket.close();
  }

  @Test
  @DisplayName("every query of the Grafana dashboard returns data for the node's namespace, and the namespace variable offers it")
  void dashboardQueries() throws Exception {
    assertThat(prometheus.labelValues("eventual_namespace", "eventual_identity_info").getList()).contains(node.ns);
    List<Ops.Query> queries = Ops.dashboardQueries();
    assertThat(queries).hasSizeGreaterThan(20);
    for (Ops.Query q : queries) {
      String expr = q.expr().replace("$namespace", node.ns).replace("$__rate_interval", "1m");
      assertThat(prometheus.query(expr)).as(q.panel() + ": " + expr).isNotEmpty();
    }
  }

  @Test
  @DisplayName("every series each alert and recording rule reads is there, every rule evaluates without error, every recording has data")
  void ruleSelectors() throws Exception {
    List<Ops.Rule> rules = new java.util.ArrayList<>(Ops.rules(Ops.RECORDING));
    rules.addAll(Ops.alerts());
    for (Ops.Rule rule : rules) {
      List<String> selectors = Ops.selectors(rule.expr());
      assertThat(selectors).as(rule.name() + " reads something").isNotEmpty();
      for (String selector : selectors) {
        assertThat(prometheus.query("count(" + selector + ")")).as(rule.name() + ": " + selector).isNotEmpty();
      }
      prometheus.query(rule.expr());
      if (rule.record() != null) {
        assertThat(prometheus.query(rule.record() + "{eventual_namespace=\"" + node.ns + "\"}")).as(rule.record()).isNotEmpty();
      }
    }
    for (Object group : prometheus.rules()) {
      for (Object r : ((JsonObject) group).getJsonArray("rules")) {
        JsonObject evaluated = (JsonObject) r;
        assertThat(evaluated.getString("health")).as(evaluated.getString("name") + ": " + evaluated.getString("lastError")).isEqualTo("ok");
      }
    }
  }

  @Test
  @DisplayName("a healthy node: every alert expression is empty, and Prometheus has no alert pending or firing")
  void silentWhenHealthy() throws Exception {
    for (Ops.Rule alert : Ops.alerts()) {
      assertThat(prometheus.query(alert.expr())).as(alert.alert()).isEmpty();
    }
    assertThat(prometheus.alerts()).isEmpty();
  }
}
