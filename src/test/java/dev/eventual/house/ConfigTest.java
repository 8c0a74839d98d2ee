package dev.eventual.house;

import dev.eventual.config.ConfigException;
import dev.eventual.config.ConfigLoader;
import dev.eventual.config.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

  @Test
  @DisplayName("a flag beats the environment, which beats the file, which beats the default")
  void precedence(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("eventual.json");
    Files.writeString(file, "{\"http.port\": 9000, \"partitions\": 8, \"namespace\": \"fromfile\"}");
    Settings s = Settings.from(ConfigLoader.load(new String[] {"--config", file.toString(), "--http.port=9002"},
      Map.of("EVENTUAL_HTTP_PORT", "9001", "EVENTUAL_PARTITIONS", "6")));
    assertThat(s.http().port()).isEqualTo(9002);
    assertThat(s.partitions()).isEqualTo(6);
    assertThat(s.namespace()).isEqualTo("fromfile");
    assertThat(s.processor().instances()).isEqualTo(1);
  }

  @Test
  @DisplayName("camel-case keys map to underscored environment names")
  void envNames() throws Exception {
    Settings s = Settings.from(ConfigLoader.load(new String[0], Map.of("EVENTUAL_AUTH_PBKDF2_ITERATIONS", "5000",
      "EVENTUAL_CHAOS_DELAY_MS", "10-20")));
    assertThat(s.auth().pbkdf2Iterations()).isEqualTo(5000);
    assertThat(s.chaos().delayMinMs()).isEqualTo(10);
    assertThat(s.chaos().delayMaxMs()).isEqualTo(20);
  }

  @Test
  @DisplayName("bad values, unknown keys and unreadable files are one clear message each")
  void badConfig(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{not json");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--config", broken.toString()}, Map.of()))
      .isInstanceOf(ConfigException.class).hasMessageContaining("is not a JSON object");
    Path unknown = dir.resolve("unknown.json");
    Files.writeString(unknown, "{\"http.prot\": 1}");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--config", unknown.toString()}, Map.of()))
      .hasMessageContaining("unknown key 'http.prot'");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--chaos.http500Rate", "1.5"}, Map.of()))
      .hasMessage("chaos.http500Rate must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--amqp.uri", "http://x"}, Map.of()))
      .hasMessageContaining("amqp.uri must look like amqp://");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--auth.secret", "short"}, Map.of()))
      .hasMessageContaining("at least 32 characters");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--namespace", "Bad Name"}, Map.of()))
      .hasMessageContaining("namespace must be");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--http.port"}, Map.of()))
      .hasMessage("flag --http.port needs a value");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--events.transport", "carrier-pigeon"}, Map.of()))
      .hasMessage("events.transport must be one of stream, amqp, got 'carrier-pigeon'");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--amqp.uri", "amqps://h:5671"}, Map.of()))
      .hasMessageContaining("with an amqps:// uri set events.transport=amqp");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--config", dir.resolve("missing.json").toString()}, Map.of()))
      .hasMessageContaining("cannot read config file");
  }
}
