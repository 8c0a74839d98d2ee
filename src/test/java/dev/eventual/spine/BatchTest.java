package dev.eventual.spine;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.broker.Topology;
import dev.eventual.domain.Command;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.StreamAudit;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several commands in one queue message (issue 14): what the HTTP layer sends under load, and what the processor
 * must take apart command by command — a duplicate inside, a poison command inside, the same message twice, and
 * messages that overlap what was decided before — with exactly one effect and one terminal event per command.
 */
class BatchTest {
  static User ana;
  static String listId;

  @RegisterExtension
  static final OneNode node = OneNode.with();

  @BeforeAll
  static void start() throws Exception {
    ana = node.api.signup(Api.uniqueName("ana"));
    listId = node.api.createList(ana, "batches");
  }

  @Test
  @DisplayName("concurrent commands to one list travel several to a message, each 202 once its message is confirmed, each decided once")
  void batchesUnderLoad() throws Exception {
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String text = "load " + i;
      sent.add(CompletableFuture.supplyAsync(() -> node.api.command(ana, "POST", "/api/lists/" + listId + "/todos",
        new JsonObject().put("text", text).encode()).status()));
    }
    for (var s : sent) {
      assertThat(s.get()).isEqualTo(202);
    }
    awaitTexts(200, "load ");
    String metrics = node.app.management.get(null, "/metrics").body();
    double messages = metric(metrics, "eventual_command_messages_count");
    double commands = metric(metrics, "eventual_command_messages_sum");
    System.out.printf("%.0f commands in %.0f queue messages%n", commands, messages);
    assertThat(commands).isGreaterThanOrEqualTo(200);
    assertThat(messages).as("queue messages for " + commands + " commands").isLessThan(commands);
  }

  @Test
  @DisplayName("a message holding the same command twice, a poison command and a non-object decides each good command once and rejects the poison")
  void duplicateAndPoisonInside() throws Exception {
    JsonObject first = addTodo("first");
    JsonObject poison = addTodo("x").put("fields", new JsonObject().put("text", "bell\u0007"));
    JsonObject last = addTodo("last");
    publish(new JsonObject().put("commands", new JsonArray().add(first).add(first).add(poison).add(42).add(last)));
    StreamAudit audit = awaitDecided(first, poison, last);
    assertThat(audit.appliedTerminals.get(first.getString("commandId"))).isEqualTo(1);
    assertThat(audit.appliedTerminals.get(last.getString("commandId"))).isEqualTo(1);
    assertThat(node.api.get(ana, "/api/commands/" + poison.getString("commandId")).json().getString("code")).isEqualTo("invalid");
    assertThat(texts()).containsOnlyOnce("first", "last").doesNotContain("bell\u0007");
  }

  @Test
  @DisplayName("a message delivered again, and one that overlaps commands decided before, have no second effect")
  void redeliveredAndOverlapping() throws Exception {
    List<JsonObject> commands = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      commands.add(addTodo("overlap " + i));
    }
    JsonArray firstHalf = new JsonArray(new ArrayList<>(commands.subList(0, 5)));
    publish(new JsonObject().put("commands", firstHalf));
    publish(new JsonObject().put("commands", firstHalf));
    publish(new JsonObject().put("commands", new JsonArray(new ArrayList<>(commands.subList(3, 8)))));
    StreamAudit audit = awaitDecided(commands.toArray(JsonObject[]::new));
    for (JsonObject c : commands) {
      assertThat(audit.appliedTerminals.get(c.getString("commandId"))).as(c.getString("commandId")).isEqualTo(1);
    }
    assertThat(texts().stream().filter(t -> t.startsWith("overlap ")).toList()).hasSize(8).doesNotHaveDuplicates();
  }

  private JsonObject addTodo(String text) {
    return new JsonObject().put("commandId", UUID.randomUUID().toString()).put("type", "AddTodo").put("actor", ana.userId())
      .put("listId", listId).put("fields", new JsonObject().put("text", text));
  }

  private void publish(JsonObject message) throws Exception {
    var settings = node.app.node.settings();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(settings.amqp().uri());
    try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish(settings.commandsExchange(), Topology.routingKey(Command.partition(listId, settings.partitions())),
        new AMQP.BasicProperties.Builder().deliveryMode(2).build(), message.encode().getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(10_000);
    }
  }

  private StreamAudit awaitDecided(JsonObject... commands) throws Exception {
    Set<String> ids = new java.util.HashSet<>();
    for (JsonObject c : commands) {
      ids.add(c.getString("commandId"));
    }
    return StreamAudit.awaitOutcomes("amqp://guest:guest@localhost:5672", node.ns, ids);
  }

  private List<String> texts() {
    return node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("todos").stream()
      .map(t -> ((JsonObject) t).getString("text")).toList();
  }

  private void awaitTexts(int count, String prefix) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (texts().stream().filter(t -> t.startsWith(prefix)).count() == count) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(texts().stream().filter(t -> t.startsWith(prefix)).count()).isEqualTo(count);
  }

  private static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(2)) : -1;
  }
}
