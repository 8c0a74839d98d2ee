package dev.eventual.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's Prometheus metrics as a test reads them, parsed. The one place that knows where a node serves them: at
 * {@link #PATH} on its management port.
 */
public final class Scrape {
  public static final String PATH = "/metrics";

  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private final List<Sample> samples;

  private Scrape(List<Sample> samples) {
    this.samples = samples;
  }

  public static int port(TestNode node) {
    return node.managementPort();
  }

  public static int port(NodeProcess node) {
    return node.managementPort;
  }

  /** What Prometheus scrapes: {@code host:port}, with {@link #PATH} as its metrics path. */
  public static String target(int port) {
    return "127.0.0.1:" + port;
  }

  public static Scrape of(TestNode node) {
    return at(port(node));
  }

  public static Scrape of(NodeProcess node) {
    return at(port(node));
  }

  public static Scrape at(int port) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create("http://" + target(port) + PATH)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError("GET " + PATH + " answered " + r.statusCode() + ": " + r.body());
      }
      return parse(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("GET " + PATH + " on port " + port + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Prometheus' text format: {@code name{label="value",...} value}, comments skipped. */
  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      Map<String, String> labels = new LinkedHashMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i++;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String key = line.substring(i, eq).trim();
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          for (; line.charAt(j) != '"'; j++) {
            char c = line.charAt(j);
            if (c == '\\') {
              c = line.charAt(++j) == 'n' ? '\n' : line.charAt(j);
            }
            value.append(c);
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        i++;
      }
      String[] rest = line.substring(i).trim().split(" ");
      samples.add(new Sample(name, labels, Double.parseDouble(rest[0])));
    }
    return new Scrape(samples);
  }

  /** Every sample named {@code name} whose labels include {@code labels} (name, value, name, value, …). */
  public List<Sample> all(String name, String... labels) {
    List<Sample> found = new ArrayList<>();
    for (Sample s : samples) {
      boolean match = s.name().equals(name);
      for (int i = 0; match && i < labels.length; i += 2) {
        match = labels[i + 1].equals(s.labels().get(labels[i]));
      }
      if (match) {
        found.add(s);
      }
    }
    return found;
  }

  /** The value of the one sample named {@code name} with {@code labels}; an AssertionError if there is not exactly one. */
  public double value(String name, String... labels) {
    List<Sample> found = all(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples of " + name + " " + String.join(",", labels) + " in " + PATH);
    }
    return found.get(0).value();
  }
}
