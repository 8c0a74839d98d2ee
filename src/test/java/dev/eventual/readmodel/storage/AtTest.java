package dev.eventual.readmodel.storage;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AtTest {

  static String back(At at) {
    return At.text(at.seconds(), at.nanos(), at.text());
  }

  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(n -> n * 1_000_000),
      Arbitraries.integers().between(0, 999_999).map(n -> n * 1_000), Arbitraries.integers().between(0, 999_999_999));
    return Combinators.combine(Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
      Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()), nanos).as(Instant::ofEpochSecond);
  }

  @Property(tries = 2000)
  @Label("every time Instant writes is kept as numbers and written back the same")
  void instantsRoundTrip(@ForAll("instants") Instant instant) {
    String text = instant.toString();
    At at = At.of(text);
    assertThat(at.text()).as(text).isNull();
    assertThat(back(at)).isEqualTo(text);
  }

  @Property(tries = 2000)
  @Label("any other text near that shape is kept as its text, or as numbers only if it comes back the same")
  void otherTextComesBackTheSame(@ForAll("instants") Instant instant, @ForAll("edits") Edit edit) {
    String text = edit.apply(instant.toString());
    assertThat(back(At.of(text))).isEqualTo(text);
  }

  record Edit(int at, String with) {
    String apply(String s) {
      int i = Math.min(at, s.length());
      return s.substring(0, i) + with + s.substring(Math.min(s.length(), i + 1));
    }
  }

  @Provide
  Arbitrary<Edit> edits() {
    return Combinators.combine(Arbitraries.integers().between(0, 30),
      Arbitraries.of("", "0", "9", "1", "00", ".", ".000", "Z", "+", "-", "T", ":", "60", "24", "x", "000")).as(Edit::new);
  }

  @Test
  @DisplayName("impossible dates, odd fractions and no time at all are kept as they are")
  void edges() {
    for (String s : new String[] {"2026-02-29T10:00:00Z", "2024-02-30T00:00:00Z", "2026-11-22T05:20:18.000Z",
      "2026-11-22T05:20:18.100000Z", "2026-11-22T05:20:18.1Z", "2026-11-22T24:00:00Z", "2026-11-22T05:20:60Z",
      "+10000-01-01T00:00:00Z", "2026-11-22 05:20:18Z", "", "yesterday"}) {
      assertThat(At.of(s).text()).as(s).isEqualTo(s);
    }
    assertThat(At.of("2024-02-29T23:59:59.999999999Z").text()).isNull();
    assertThat(back(At.of(null))).isNull();
  }
}
