package dev.eventual.house;

import dev.eventual.domain.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a command kind touches the places the README's "Add your own command" lists, and those alone: its row and
 * records in Kind.java, its case in the decider and in the fold, its row in kinds.js, its two rows in the README's
 * tables, and the UI that issues it (the app's components, and the form of the page without JavaScript). Each kind
 * is checked to be in every one of them (so none can be left out of the list) and named nowhere else (so the list
 * misses none). The two kinds without a route are the exceptions,
 * each named in the one file that sends it: sign-up (its password becomes a credential first) and the end of a
 * session (logout ends the caller's own session, whose id and expiry only the session cookie holds), both in AuthApi.
 */
class KindPlacesTest {
  private static final String KIND = "src/main/java/dev/eventual/domain/Kind.java";
  private static final String DECIDER = "src/main/java/dev/eventual/domain/Decider.java";
  private static final String STATE = "src/main/java/dev/eventual/readmodel/State.java";
  private static final String KINDS_JS = "webroot/js/logic/kinds.js";
  private static final Set<String> PLACES = Set.of(KIND, DECIDER, STATE, KINDS_JS);
  /** What the README's list calls each place, in its order. */
  private static final List<String> LISTED = List.of("`domain/Kind.java`", "`domain/Decider.java`",
    "`readmodel/State.java`", "`webroot/js/logic/kinds.js`", "README, \"Commands\"", "README, \"Push\"");
  private static final Set<Kind> SENT_BY_AUTH_API = Set.of(Kind.SIGN_UP, Kind.END_SESSION);
  private static final String AUTH_API = "src/main/java/dev/eventual/web/AuthApi.java";
  /** The page without JavaScript: a UI too, whose forms name the kinds they send (issue 24). */
  private static final String FORMS = "src/main/java/dev/eventual/web/FormRoutes.java";
  /** The page never holds them: no row in kinds.js. */
  private static final Set<Kind> NO_ROW = Set.of(Kind.SIGN_UP, Kind.END_SESSION);
  /** Pushed to nobody: no row in the README's table of events. */
  private static final Set<Kind> NOT_PUSHED = Set.of(Kind.END_SESSION);

  @Test
  @DisplayName("every command kind is named only in its table rows, its decider and fold cases, and the UI")
  void namedNowhereElse() throws IOException {
    List<Path> sources;
    try (Stream<Path> java = Files.walk(Path.of("src/main/java")); Stream<Path> js = Files.walk(Path.of("webroot/js"))) {
      sources = Stream.concat(java, js).filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".js")).toList();
    }
    for (Kind kind : Kind.values()) {
      Pattern names = Pattern.compile("\\b(" + String.join("|", kind.name(), kind.type(), kind.eventType())
        + ")\\b|['\"`]" + Pattern.quote(kind.action()) + "['\"`]");
      Set<String> files = new TreeSet<>();
      for (Path p : sources) {
        if (names.matcher(Files.readString(p)).find()) {
          files.add(p.toString().replace('\\', '/'));
        }
      }
      assertThat(files).as(kind + " is named in").isNotEmpty().allMatch(f -> PLACES.contains(f)
        || f.startsWith("webroot/js/components/") || f.equals(FORMS) && kind.route() != null || SENT_BY_AUTH_API.contains(kind) && f.equals(AUTH_API));
    }
  }

  @Test
  @DisplayName("every command kind is in each of its places: row and records, decider and fold cases, kinds.js row, two README rows")
  void inEveryPlace() throws IOException {
    String table = Files.readString(Path.of(KIND));
    String decider = Files.readString(Path.of(DECIDER));
    String state = Files.readString(Path.of(STATE));
    String js = Files.readString(Path.of(KINDS_JS));
    String readme = Files.readString(Path.of("README.md"));
    List<String> requests = cells(readme, "| request | 202 body adds |", 0);
    List<String> actions = cells(readme, "| action | event type |", 0);
    List<String> types = cells(readme, "| action | event type |", 1);
    for (Kind k : Kind.values()) {
      assertThat(table).as(k + ": its row and records").contains(k.name() + "(" + k.type() + ".class, " + k.eventType() + ".class, ")
        .contains("record " + k.type() + "(").contains("record " + k.eventType() + "(");
      assertThat(decider).as(k + ": its case in the decider, which makes its event").containsPattern("\\b" + k.name() + "\\b")
        .contains("new Kind." + k.eventType() + "(");
      assertThat(state).as(k + ": its case in the fold").containsPattern("case " + k.name() + " ->");
      if (k.event().getRecordComponents().length > 0) {
        assertThat(state).as(k + ": its case in the fold reads its event's fields").contains("(Kind." + k.eventType() + ") ");
      }
      if (!NO_ROW.contains(k)) {
        assertThat(js).as(k + ": its row in kinds.js").contains("'" + k.action() + "': {");
      }
      if (k.route() != null) {
        String request = k.route().replaceAll(":(\\w+)", "{$1}");
        assertThat(requests).as(k + ": its row in the README's table of requests").anyMatch(r -> r.startsWith("`" + request + " ")
          || r.startsWith("`" + request + "`"));
      }
      if (!NOT_PUSHED.contains(k)) {
        int row = actions.indexOf(actions.stream().filter(a -> a.contains("`" + k.action() + "`")).findFirst().orElse(null));
        assertThat(row).as(k + ": its row in the README's table of events").isNotNegative();
        assertThat(types.get(row)).contains("`" + k.eventType() + "`");
      }
    }
  }

  @Test
  @DisplayName("the README's \"Add your own command\" lists exactly the places checked here, and counts them right")
  void listedInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("### Add your own command");
    String section = readme.substring(start, readme.indexOf("\n## ", start));
    List<String> listed = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\d+\\. \\*\\*(.+?)\\*\\*").matcher(section);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertThat(listed).isEqualTo(LISTED);
    String count = Map.of(4, "Four", 5, "Five", 6, "Six", 7, "Seven", 8, "Eight").get(listed.size());
    assertThat(section).contains(count + " places and the UI, nothing else");
  }

  /** The {@code column}th cell of each row of the README table whose header starts with {@code header}. */
  private static List<String> cells(String readme, String header, int column) {
    List<String> lines = readme.lines().toList();
    int at = lines.indexOf(lines.stream().filter(l -> l.startsWith(header)).findFirst().orElseThrow());
    List<String> cells = new ArrayList<>();
    for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      cells.add(lines.get(i).split("\\|")[column + 1].trim());
    }
    return cells;
  }
}
