package dev.eventual.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.eventual.support.Ops;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert and recording rules and the dashboard in ops/: promtool's checks and unit tests, and their conventions. */
class RulesTest {
  static final String PROMTOOL = "/usr/bin/promtool";

  @Test
  @DisplayName("promtool accepts the alert and recording rules")
  void check() throws Exception {
    Result r = promtool("check", "rules", Ops.ALERTS.toString(), Ops.RECORDING.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: " + Ops.alerts().size() + " rules found");
  }

  @Test
  @DisplayName("each alert fires in promtool's unit tests when it should, and is silent when healthy or before its for: has passed")
  void unitTests() throws Exception {
    Result r = promtool("test", "rules", Ops.RULE_TESTS.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode test : new YAMLMapper().readTree(Ops.RULE_TESTS.toFile()).get("tests")) {
      for (JsonNode check : test.get("alert_rule_test")) {
        (check.get("exp_alerts").isEmpty() ? silent : fires).add(check.get("alertname").asText());
      }
    }
    List<String> alerts = Ops.alerts().stream().map(Ops.Rule::alert).toList();
    assertThat(fires).as("alerts tested firing").containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(silent).as("alerts tested silent").containsExactlyInAnyOrderElementsOf(alerts);
  }

  @Test
  @DisplayName("every alert has labels rulesgroup and severity, a summary that names its runbook line, and a description")
  void conventions() throws Exception {
    for (Ops.Rule alert : Ops.alerts()) {
      assertThat(alert.labels()).as(alert.alert()).containsEntry("rulesgroup", "eventual").containsKey("severity");
      assertThat(alert.labels().get("severity")).as(alert.alert()).isIn("critical", "warning");
      assertThat(alert.annotations()).as(alert.alert()).containsOnlyKeys("summary", "description");
      assertThat(alert.annotations().get("summary")).as(alert.alert()).contains("Runbook: README, Observability, Alerts, " + alert.alert() + ".");
      assertThat(alert.alert()).startsWith("Eventual");
    }
    for (Ops.Rule rule : Ops.rules(Ops.RECORDING)) {
      assertThat(rule.record()).as(rule.expr()).matches("[a-z_]+:eventual_[a-z0-9_]+:[a-z0-9_]+");
    }
  }

  @Test
  @DisplayName("the README has one runbook line per alert, with its severity and for:, and none for an alert that is not in the rules")
  void runbook() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher section = Pattern.compile("(?s)\n### Alerts\n(.*?)(\n## |\n### |$)").matcher(readme);
    assertThat(section.find()).as("README section '### Alerts'").isTrue();
    List<String> lines = new ArrayList<>();
    Matcher line = Pattern.compile("(?m)^- \\*\\*(Eventual\\w+)\\*\\* \\((\\w+)(?:, for (\\w+))?\\) — ").matcher(section.group(1));
    while (line.find()) {
      lines.add(line.group(1) + " " + line.group(2) + " " + line.group(3));
    }
    assertThat(lines).as("runbook lines: name (severity, for …)").containsExactlyElementsOf(Ops.alerts().stream()
      .map(a -> a.alert() + " " + a.labels().get("severity") + " " + a.forDuration()).toList());
  }

  @Test
  @DisplayName("the dashboard takes its datasource as DS_PROMETHEUS and a namespace variable, and every query is of that namespace")
  void dashboard() throws Exception {
    JsonNode dashboard = Ops.dashboard();
    List<String> variables = new ArrayList<>();
    dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText() + ":" + v.get("type").asText()));
    assertThat(variables).containsExactly("DS_PROMETHEUS:datasource", "namespace:query");
    for (JsonNode panel : dashboard.get("panels")) {
      if (!panel.get("type").asText().equals("row")) {
        assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText()).isEqualTo("${DS_PROMETHEUS}");
        assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      }
    }
    for (Ops.Query q : Ops.dashboardQueries()) {
      assertThat(q.expr()).as(q.panel()).contains("eventual_namespace=\"$namespace\"");
    }
  }

  record Result(int exit, String output) {
  }

  static Result promtool(String... args) throws Exception {
    assertThat(Path.of(PROMTOOL)).as("Debian's prometheus package (.ci/run installs it)").isExecutable();
    List<String> command = new ArrayList<>(List.of(PROMTOOL));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(p.exitValue(), out);
  }
}
