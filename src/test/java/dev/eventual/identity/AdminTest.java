package dev.eventual.identity;

import dev.eventual.config.ConfigException;
import dev.eventual.config.ConfigLoader;
import dev.eventual.domain.Ids;
import dev.eventual.support.Api;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admin rights go to an account the operator holds, never to whoever signs up a name first. */
class AdminTest {
  /** The operator's sign-up key, and so the user id the operator puts in {@code admins}. */
  static String operatorKey = UUID.randomUUID().toString();

  @RegisterExtension
  static final OneNode node = OneNode.with("chaos.enabled", "true", "admins", Ids.userId(operatorKey).toUpperCase());

  @Test
  @DisplayName("admins takes user ids: a name there, which anyone could sign up with first, stops the start with one line")
  void namesRefused() {
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--admins", "opsadmin"}, Map.of()))
      .isInstanceOf(ConfigException.class).hasMessageContaining("admins").hasMessageContaining("user id")
      .hasMessageContaining("opsadmin");
    assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--admins", UUID.randomUUID() + ",ana"}, Map.of()))
      .hasMessageContaining("'ana'");
  }

  @Test
  @DisplayName("a stranger who signs up first, under any name, cannot change chaos; the account whose id the operator gave can")
  void operatorsAccountOnly() {
    String chaos = new JsonObject().put("http500Rate", 0.0).put("failureRate", 0.0).encode();
    for (String name : new String[] {"opsadmin", "admin", Ids.userId(operatorKey)}) {
      Api.Response stranger = node.api.send("POST", "/api/auth/signup", null, new JsonObject().put("username", name)
        .put("password", AsyncApi.PASSWORD).encode());
      if (stranger.status() != 201) {
        assertThat(stranger.status()).as(name + ": " + stranger.body()).isEqualTo(400); // a UUID is no username
        continue;
      }
      Api.User squatter = new Api.User(stranger.json().getString("userId"), name, stranger.cookie());
      assertThat(node.api.send("POST", "/api/admin/chaos", squatter.cookie(), chaos).status()).as(name).isEqualTo(403);
      assertThat(node.api.get(squatter, "/api/config").json().getBoolean("canChangeChaos")).as(name).isFalse();
    }
    Api.Response signup = node.api.send("POST", "/api/auth/signup", null, new JsonObject().put("username", Api.uniqueName("ops"))
      .put("password", AsyncApi.PASSWORD).encode(), "Idempotency-Key", operatorKey);
    assertThat(signup.status()).as(signup.body()).isEqualTo(201);
    Api.User operator = new Api.User(signup.json().getString("userId"), signup.json().getString("username"), signup.cookie());
    assertThat(node.api.get(operator, "/api/me").json().getString("userId")).as("what the operator reads to configure admins")
      .isEqualTo(Ids.userId(operatorKey));
    assertThat(node.api.get(operator, "/api/config").json().getBoolean("canChangeChaos")).isTrue();
    Api.Response changed = node.api.send("POST", "/api/admin/chaos", operator.cookie(), chaos);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
  }
}
