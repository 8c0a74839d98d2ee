package dev.eventual.ops;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.broker.Topology;
import dev.eventual.domain.Command;
import dev.eventual.domain.Ids;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Chaos as a product feature, and commands that fail every time. */
class ChaosTest {
  static String admin = Api.uniqueName("admin");
  /** The admin's sign-up key: its user id is what the operator puts in {@code admins}. */
  static String adminKey = UUID.randomUUID().toString();

  @RegisterExtension
  static final OneNode node = OneNode.with("chaos.enabled", "true", "admins", Ids.userId(adminKey), "processor.maxAttempts", "3");

  static String chaos(double http500, double failure) {
    return new JsonObject().put("http500Rate", http500).put("failureRate", failure).put("delayMinMs", 0).put("delayMaxMs", 0).encode();
  }

  @Test
  @DisplayName("only an admin changes chaos live; others get 403, strangers 401")
  void adminOnly() {
    Api.Response signup = node.api.send("POST", "/api/auth/signup", null, new JsonObject().put("username", admin)
      .put("password", "password-1").encode(), "Idempotency-Key", adminKey);
    User boss = new User(signup.json().getString("userId"), admin, signup.cookie());
    User ana = node.api.signup(Api.uniqueName("ana"));
    assertThat(node.api.send("POST", "/api/admin/chaos", ana.cookie(), chaos(0.5, 0)).status()).isEqualTo(403);
    assertThat(node.api.send("POST", "/api/admin/chaos", null, chaos(0.5, 0)).status()).isEqualTo(401);
    assertThat(node.api.send("POST", "/api/admin/chaos", boss.cookie(), "{\"http500Rate\":2}").status()).isEqualTo(400);
    assertThat(node.api.get(ana, "/api/config").json().getBoolean("canChangeChaos")).isFalse();
    assertThat(node.api.get(boss, "/api/config").json().getBoolean("canChangeChaos")).isTrue();
    assertThat(node.api.send("POST", "/api/admin/chaos", boss.cookie(), chaos(0, 0)).json().getDouble("http500Rate")).isZero();
  }

  @Test
  @DisplayName("with half of all commands answered 500 before enqueueing, retrying with the same key gives exactly one todo each")
  void http500Chaos() {
    User boss = node.api.signup(Api.uniqueName("boss"));
    User ana = node.api.signup(Api.uniqueName("ana"));
    String listId = node.api.createList(ana, "chaotic");
    node.app.node.chaos().update(0.5, 0, 0, 0);
    int failures = 0;
    try {
      for (int i = 0; i < 20; i++) {
        String key = UUID.randomUUID().toString();
        Api.Response r;
        do {
          r = node.api.commandWithKey(ana, key, "POST", "/api/lists/" + listId + "/todos",
            new JsonObject().put("text", "todo " + i).encode(), "Prefer", "wait=10");
          if (r.status() == 500) {
            failures++;
            assertThat(r.json().getString("type")).isEqualTo("/problems/chaos");
          }
        } while (r.status() == 500);
        assertThat(r.status()).isIn(201, 202);
      }
    } finally {
      node.app.node.chaos().update(0, 0, 0, 0);
    }
    assertThat(failures).isPositive();
    var view = node.api.get(ana, "/api/lists/" + listId + "?minVersion=21").json();
    Set<String> texts = new HashSet<>();
    view.getJsonArray("todos").forEach(t -> texts.add(((JsonObject) t).getString("text")));
    assertThat(view.getJsonArray("todos")).hasSize(20);
    assertThat(texts).hasSize(20);
    assertThat(boss.userId()).isNotNull();
  }

  @Test
  @DisplayName("a command that fails every attempt ends as CommandFailed, pushed to its author, and its partition goes on")
  void failingEveryTime() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    String listId = node.api.createList(ana, "poisoned");
    try (Socket socket = node.app.socket(ana.cookie())) {
      assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      node.app.node.chaos().update(0, 0, 0, 1.0);
      Api.Response failed;
      try {
        failed = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"doomed\"}", "Prefer", "wait=10");
      } finally {
        node.app.node.chaos().update(0, 0, 0, 0);
      }
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.json().getString("type")).isEqualTo("/problems/command-failed");
      JsonObject pushed = socket.nextMessage(10);
      assertThat(pushed.getString("status")).isEqualTo("failed");
      assertThat(pushed.getJsonObject("payload").getInteger("attempts")).isEqualTo(3);

      var next = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"fine\"}", "Prefer", "wait=10");
      assertThat(next.status()).isEqualTo(201);
    }
  }

  @Test
  @DisplayName("malformed messages put straight on a command queue are rejected or dropped, never folded, and do not block the list")
  void poisonMessage() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    String listId = node.api.createList(ana, "poison");
    String commandId = UUID.randomUUID().toString();
    JsonObject poison = new JsonObject().put("commandId", commandId).put("type", "AddMember").put("actor", ana.userId())
      .put("listId", listId).put("fields", new JsonObject().put("username", new JsonObject()));
    var settings = node.app.node.settings();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(settings.amqp().uri());
    try (Socket socket = node.app.socket(ana.cookie());
         var connection = factory.newConnection(); var channel = connection.createChannel()) {
      assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      String routingKey = Topology.routingKey(Command.partition(listId, settings.partitions()));
      var persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
      channel.basicPublish(settings.commandsExchange(), routingKey, persistent, "not json at all".getBytes(StandardCharsets.UTF_8));
      channel.basicPublish(settings.commandsExchange(), routingKey, persistent, poison.encode().getBytes(StandardCharsets.UTF_8));
      JsonObject pushed = socket.nextMessage(15);
      assertThat(pushed.getString("commandId")).isEqualTo(commandId);
      assertThat(pushed.getString("status")).isEqualTo("rejected");
      assertThat(pushed.getJsonObject("payload").getString("code")).isEqualTo("invalid");
      assertThat(node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"after\"}", "Prefer", "wait=10").status())
        .isEqualTo(201);
    }
  }
}
