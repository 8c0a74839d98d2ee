package dev.eventual.ops;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.TestNode;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Logs (issue 22): JSON lines by a setting, every line about a command with its commandId and trace id. */
class StructuredLogTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  @DisplayName("with log.format=json every line is a JSON object, and each hop of a command logs a line with its commandId and the caller's trace id")
  void jsonLinesCarryTheCommand() throws Exception {
    String ns = TestNode.namespace();
    try (NodeProcess node = NodeProcess.start(ns, "--log.format", "json", "--log.level", "debug")) {
      User ana = node.api.signup(Api.uniqueName("ana"));
      String key = UUID.randomUUID().toString();
      Api.Response created = node.api.commandWithKey(ana, key, "POST", "/api/lists", new JsonObject().put("name", "logged").encode(),
        "Prefer", "wait=10", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
      assertThat(created.status()).isEqualTo(201);

      for (String hop : new String[] {"accepted", "decided", "folded"}) {
        NodeProcess.Line line = node.await(about(key, hop), 10);
        assertThat(line).as("a JSON line about %s with its commandId", hop).isNotNull();
        JsonObject json = new JsonObject(line.text());
        assertThat(json.getJsonObject("mdc").getString("traceId")).isEqualTo(TRACE_ID);
        assertThat(json.getString("level")).isEqualTo("DEBUG");
      }
      assertThat(node.lines()).isNotEmpty().allSatisfy(l -> assertThat(json(l.text())).as(l.text()).isNotNull());
    } finally {
      Namespace.delete(ns);
    }
  }

  private static Predicate<String> about(String commandId, String message) {
    return text -> {
      JsonObject json = json(text);
      return json != null && json.getJsonObject("mdc") != null && commandId.equals(json.getJsonObject("mdc").getString("commandId"))
        && json.getString("formattedMessage", "").startsWith(message);
    };
  }

  private static JsonObject json(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      return null;
    }
  }
}
