package dev.eventual.house;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout the README describes, kept true: {@code domain/} imports nothing else of Eventual, no source file of the
 * app is over {@value #APP_LINES} lines and none of the benchmark over {@value #BENCH_LINES}; past that, a
 * responsibility wants a home of its own.
 */
class LayoutTest {
  private static final int APP_LINES = 300;
  private static final int BENCH_LINES = 400;
  @Test
  @DisplayName("domain/ names no other package of Eventual, imported or spelt out: it reads what it needs through its own port, Facts")
  void domainImportsNothingOfOurs() throws IOException {
    Pattern ours = Pattern.compile("\\bdev\\.eventual\\.(?!domain\\b)\\w");
    for (Path p : sources("src/main/java/dev/eventual/domain")) {
      assertThat(Files.readAllLines(p)).as(p.toString()).noneMatch(line -> ours.matcher(line).find());
    }
  }

  @Test
  @DisplayName("domain/ names nothing of Vert.x: commands and events are records, and JSON is made at the edge")
  void domainKnowsNoVertx() throws IOException {
    List<Path> domain = sources("src/main/java/dev/eventual/domain");
    assertThat(domain).hasSizeGreaterThan(5);
    for (Path p : domain) {
      assertThat(Files.readAllLines(p)).as(p.toString()).noneMatch(line -> line.contains("io.vertx"));
    }
  }

  @Test
  @DisplayName("no source file of the app is over 300 lines")
  void smallAppFiles() throws IOException {
    for (Path p : sources("src/main/java")) {
      assertThat(Files.readAllLines(p).size()).as(p.toString()).isLessThanOrEqualTo(APP_LINES);
    }
  }

  @Test
  @DisplayName("no source file of the benchmark is over 400 lines")
  void smallBenchFiles() throws IOException {
    for (Path p : sources("src/bench/java")) {
      assertThat(Files.readAllLines(p).size()).as(p.toString()).isLessThanOrEqualTo(BENCH_LINES);
    }
  }

  private static List<Path> sources(String dir) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(dir))) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }
}
