package dev.eventual.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code ops/} holds, as tests read it: the Prometheus rules and the Grafana dashboard's queries. */
public final class Ops {
  public static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");
  public static final Path RECORDING = Path.of("ops/prometheus/recording.yml");
  public static final Path RULE_TESTS = Path.of("ops/prometheus/tests/alerts-test.yml");
  public static final Path DASHBOARD = Path.of("ops/grafana/eventual.json");
  private static final YAMLMapper YAML = new YAMLMapper();

  private Ops() {
  }

  /** One rule: an alert (with {@code for}, labels, annotations) or a recording rule ({@code record}). */
  public record Rule(String alert, String record, String expr, String forDuration, Map<String, String> labels,
                     Map<String, String> annotations) {
    public String name() {
      return alert != null ? alert : record;
    }
  }

  public static List<Rule> rules(Path file) throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode group : YAML.readTree(file.toFile()).get("groups")) {
      for (JsonNode r : group.get("rules")) {
        rules.add(new Rule(text(r, "alert"), text(r, "record"), r.get("expr").asText(), text(r, "for"), strings(r.get("labels")),
          strings(r.get("annotations"))));
      }
    }
    return rules;
  }

  public static List<Rule> alerts() throws IOException {
    return rules(ALERTS);
  }

  /** A dashboard query: the panel's title and its expression, Grafana's variables as written. */
  public record Query(String panel, String expr) {
  }

  public static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  public static List<Query> dashboardQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : dashboard().get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(new Query(panel.get("title").asText(), target.get("expr").asText()));
      }
    }
    return queries;
  }

  /**
   * A copy of the alert rules, each expression as it is, with every {@code for:} set to {@code forDuration}: for tests
   * that watch alerts go from pending to firing without waiting minutes.
   */
  public static Path alertsWithFor(Path folder, String forDuration) throws IOException {
    JsonNode tree = YAML.readTree(ALERTS.toFile());
    for (JsonNode group : tree.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        if (rule.has("alert")) {
          ((ObjectNode) rule).put("for", forDuration);
        }
      }
    }
    Path copy = folder.resolve("alerts-for-" + forDuration + ".yml");
    YAML.writeValue(copy.toFile(), tree);
    return copy;
  }

  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  /** A name, then its matchers if any (a match takes them whole, so their names and values are never names). */
  private static final Pattern SELECTOR = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?");
  private static final java.util.Set<String> NOT_METRICS = java.util.Set.of("sum", "max", "min", "count", "avg", "rate",
    "increase", "histogram_quantile", "max_over_time", "sum_over_time", "min_over_time", "count_over_time", "vector", "and", "or",
    "unless", "bool", "offset", "time", "abs", "clamp_min", "delta", "irate", "label_values");

  /**
   * The vector selectors of a PromQL expression ({@code name} or {@code name{matchers}}): what must each return data
   * for the expression to mean anything. Grouping clauses, functions, keywords, numbers and durations are left out.
   */
  public static List<String> selectors(String expr) {
    String bare = GROUPING.matcher(expr).replaceAll(" ").replaceAll("\\[[^\\]]*\\]", " ");
    List<String> found = new ArrayList<>();
    Matcher m = SELECTOR.matcher(bare);
    while (m.find()) {
      String name = m.group(1);
      boolean call = bare.substring(m.end(1)).stripLeading().startsWith("(");
      if (!NOT_METRICS.contains(name) && !call && !name.matches("\\d.*")) {
        found.add(m.group(2) == null ? name : name + m.group(2));
      }
    }
    return found;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> result = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    }
    return result;
  }

  public static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
