package dev.eventual.house;

import dev.eventual.config.ConfigKey;
import dev.eventual.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeTest {

  @Test
  @DisplayName("the README's configuration table lists every key with its environment name and default")
  void configTableMatchesSettings() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey key : Settings.KEYS) {
      String defaultCell = key.defaultValue().isEmpty() ? "—" : "`" + key.defaultValue() + "`";
      assertThat(readme).contains("| `" + key.name() + "` | `" + key.envName() + "` | " + defaultCell + " |");
    }
  }
}
