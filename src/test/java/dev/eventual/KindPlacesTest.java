package dev.eventual;

import dev.eventual.domain.Kind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a command kind touches its row in each table (Kind.java, kinds.js), its case in the decider and in the
 * fold, and the UI that issues it: the README's "Add your own command" walk-through holds only while no other file
 * names a kind. The two kinds without a route are the exceptions, each named in the one file that sends it: sign-up
 * (its password becomes a credential first) and the end of a session (logout ends the caller's own session, whose id
 * and expiry only the session cookie holds), both in AuthApi.
 */
class KindPlacesTest {
  private static final Set<String> PLACES = Set.of("src/main/java/dev/eventual/domain/Kind.java",
    "src/main/java/dev/eventual/domain/Decider.java", "src/main/java/dev/eventual/readmodel/State.java",
    "webroot/js/logic/kinds.js");
  private static final Set<Kind> SENT_BY_AUTH_API = Set.of(Kind.SIGN_UP, Kind.END_SESSION);
  private static final String AUTH_API = "src/main/java/dev/eventual/web/AuthApi.java";

  @Test
  @DisplayName("every command kind is named only in its two table rows, its decider and fold cases, and the UI")
  void namedInFourPlacesAndTheUi() throws IOException {
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
        || f.startsWith("webroot/js/components/") || SENT_BY_AUTH_API.contains(kind) && f.equals(AUTH_API));
    }
  }
}
