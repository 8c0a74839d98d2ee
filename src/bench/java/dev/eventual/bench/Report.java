package dev.eventual.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed table, results.md and chart.svg, all from results.json's content. */
final class Report {
  private Report() {
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String table(JsonArray rows, boolean markdown) {
    String[] head = {"section", "figure", "value", "unit", "vs PerfTest", "target", "met"};
    List<String[]> body = new ArrayList<>();
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      Double ratio = r.getDouble("ratio");
      Boolean met = r.getBoolean("met");
      body.add(new String[] {String.valueOf(r.getString("section")), String.valueOf(r.getString("figure")),
        r.getValue("value") == null ? "n/a" : fmt(r.getDouble("value")), r.getString("unit") == null ? "" : r.getString("unit"),
        ratio == null ? "" : String.format(Locale.ROOT, "%.3f×", ratio), r.getString("target") == null ? "" : r.getString("target"),
        met == null ? "" : met ? "yes" : "NO"});
    }
    StringBuilder sb = new StringBuilder();
    if (markdown) {
      sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
      for (int i = 0; i < head.length; i++) {
        sb.append(i == 2 || i == 4 ? "---:|" : "---|");
      }
      sb.append('\n');
      for (String[] b : body) {
        sb.append("| ").append(String.join(" | ", b)).append(" |\n");
      }
      return sb.toString();
    }
    int[] w = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      w[i] = head[i].length();
      for (String[] b : body) {
        w[i] = Math.max(w[i], b[i].length());
      }
    }
    line(sb, head, w);
    StringBuilder rule = new StringBuilder();
    for (int x : w) {
      rule.append("-".repeat(x)).append("  ");
    }
    sb.append(rule.toString().stripTrailing()).append('\n');
    for (String[] b : body) {
      line(sb, b, w);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      boolean right = i == 2 || i == 4;
      l.append(right ? pad(cells[i], w[i], true) : pad(cells[i], w[i], false)).append("  ");
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private static String pad(String s, int w, boolean left) {
    String p = " ".repeat(Math.max(0, w - s.length()));
    return left ? p + s : s + p;
  }

  // ---------------------------------------------------------------- chart

  private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"};

  /**
   * Two panels: end-to-end latency percentiles per offered rate (log ms, with the PerfTest broker-only latency
   * at 1,000 msg/s and the 25 ms target), and rates side by side with PerfTest's ceiling (log scale).
   */
  static String svg(JsonObject results) {
    int width = 1100;
    int height = 520;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
      .append("\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"12\">\n")
      .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
      .append("<text x=\"20\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Eventual benchmark — ")
      .append(esc(results.getString("started", ""))).append(" — 2 cores, app + RabbitMQ + load on one box</text>\n");
    latencyPanel(s, results, 60, 60, 460, 340);
    ratePanel(s, results, 640, 60, 420, 340);
    s.append("</svg>\n");
    return s.toString();
  }

  private static void latencyPanel(StringBuilder s, JsonObject results, int x0, int y0, int w, int h) {
    String[] pcts = {"p50", "p90", "p99", "p99.9", "max"};
    double lo = 0.1;
    double hi = 10_000;
    s.append("<text x=\"").append(x0).append("\" y=\"").append(y0 - 12).append("\" font-weight=\"bold\">")
      .append("End-to-end latency, POST → event on the other member's socket (ms, log; open loop, CO-corrected)</text>\n");
    axisLog(s, x0, y0, w, h, lo, hi, "ms");
    for (int i = 0; i < pcts.length; i++) {
      double x = x0 + (i + 0.5) * w / pcts.length;
      s.append("<text x=\"").append(f(x)).append("\" y=\"").append(y0 + h + 16).append("\" text-anchor=\"middle\">")
        .append(pcts[i]).append("</text>\n");
    }
    JsonArray steps = results.getJsonObject("latency", new JsonObject()).getJsonArray("steps", new JsonArray());
    int legendY = y0 + 10;
    int c = 0;
    List<Object> series = new ArrayList<>(steps.getList());
    JsonObject sustained = results.getJsonObject("throughput", new JsonObject()).getJsonObject("verification");
    if (sustained != null) {
      series.add(sustained);
    }
    for (Object o : series) {
      JsonObject step = o instanceof JsonObject j ? j : new JsonObject((java.util.Map<String, Object>) o);
      JsonObject lat = step.getJsonObject("otherMs");
      if (lat == null) {
        continue;
      }
      String color = COLORS[c++ % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < pcts.length; i++) {
        Double v = lat.getDouble(pcts[i]);
        if (v == null) {
          continue;
        }
        double x = x0 + (i + 0.5) * w / pcts.length;
        double y = yLog(v, lo, hi, y0, h);
        pts.append(f(x)).append(',').append(f(y)).append(' ');
        s.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"3\" fill=\"").append(color).append("\"/>\n");
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"").append(pts).append("\"/>\n");
      s.append("<rect x=\"").append(x0 + 10).append("\" y=\"").append(legendY - 9).append("\" width=\"12\" height=\"3\" fill=\"")
        .append(color).append("\"/><text x=\"").append(x0 + 28).append("\" y=\"").append(legendY - 4).append("\">")
        .append(esc(step.getString("label", ""))).append("</text>\n");
      legendY += 15;
    }
    Double pt99 = results.getJsonObject("perftest", new JsonObject()).getJsonObject("at1000", new JsonObject()).getDouble("p99Ms");
    if (pt99 != null) {
      double y = yLog(pt99, lo, hi, y0, h);
      s.append("<line x1=\"").append(x0).append("\" x2=\"").append(x0 + w).append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y))
        .append("\" stroke=\"#999\" stroke-dasharray=\"2,3\"/><text x=\"").append(x0 + w - 4).append("\" y=\"").append(f(y - 4))
        .append("\" text-anchor=\"end\" fill=\"#666\">PerfTest p99 @1,000 msg/s (broker only) = the target at 1,000/s</text>\n");
    }
  }

  private static void ratePanel(StringBuilder s, JsonObject results, int x0, int y0, int w, int h) {
    JsonArray bars = results.getJsonArray("chartRates", new JsonArray());
    double lo = 10;
    double hi = 1_000_000;
    s.append("<text x=\"").append(x0).append("\" y=\"").append(y0 - 12).append("\" font-weight=\"bold\">")
      .append("Rates (per second, log) beside the broker ceiling</text>\n");
    axisLog(s, x0, y0, w, h, lo, hi, "/s");
    int n = Math.max(1, bars.size());
    double bw = (double) w / n;
    for (int i = 0; i < bars.size(); i++) {
      JsonObject b = bars.getJsonObject(i);
      double v = b.getDouble("value", 0.0);
      if (v <= 0) {
        continue;
      }
      double x = x0 + i * bw + bw * 0.15;
      double y = yLog(Math.max(v, lo), lo, hi, y0, h);
      String color = b.getBoolean("ceiling", false) ? "#999" : COLORS[i % COLORS.length];
      s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(bw * 0.7))
        .append("\" height=\"").append(f(y0 + h - y)).append("\" fill=\"").append(color).append("\"/>\n");
      s.append("<text x=\"").append(f(x + bw * 0.35)).append("\" y=\"").append(f(y - 4)).append("\" text-anchor=\"middle\">")
        .append(fmt(v)).append("</text>\n");
      double lx = x + bw * 0.35;
      double ly = y0 + h + 14;
      s.append("<text x=\"").append(f(lx)).append("\" y=\"").append(f(ly)).append("\" text-anchor=\"end\" transform=\"rotate(-30 ")
        .append(f(lx)).append(' ').append(f(ly)).append(")\">").append(esc(b.getString("label"))).append("</text>\n");
    }
  }

  private static void axisLog(StringBuilder s, int x0, int y0, int w, int h, double lo, double hi, String unit) {
    s.append("<rect x=\"").append(x0).append("\" y=\"").append(y0).append("\" width=\"").append(w).append("\" height=\"").append(h)
      .append("\" fill=\"none\" stroke=\"#333\"/>\n");
    for (double v = lo; v <= hi * 1.0001; v *= 10) {
      double y = yLog(v, lo, hi, y0, h);
      s.append("<line x1=\"").append(x0).append("\" x2=\"").append(x0 + w).append("\" y1=\"").append(f(y)).append("\" y2=\"")
        .append(f(y)).append("\" stroke=\"#ddd\"/>\n<text x=\"").append(x0 - 4).append("\" y=\"").append(f(y + 4))
        .append("\" text-anchor=\"end\">").append(v >= 1 ? fmt(v) : String.valueOf(v)).append("</text>\n");
    }
    s.append("<text x=\"").append(x0 - 40).append("\" y=\"").append(y0 - 2).append("\">").append(unit).append("</text>\n");
  }

  private static double yLog(double v, double lo, double hi, int y0, int h) {
    double c = Math.max(lo, Math.min(hi, v));
    return y0 + h - (Math.log10(c) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * h;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
