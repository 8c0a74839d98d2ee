package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two people, two browsers, one shared list: the scenarios of issue 3 against a real node and RabbitMQ. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollaborationBrowserTest {
  static Backend backend;
  static Browser ana;
  static Browser ben;

  @BeforeAll
  static void start() throws Exception {
    // Chaos on but idle: single tests slow processing down live to make in-between states observable.
    backend = new Backend(new JsonObject().put("chaos.enabled", "true"));
    ana = new Browser("ana", backend.url());
    ben = new Browser("ben", backend.url());
    ana.signUp("ana");
    ben.signUp("ben");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {ana, ben, backend}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("a todo one member adds appears in the other member's browser without a reload")
  void sharedListUpdatesLive() throws Exception {
    ana.createList("Groceries");
    ana.share("ben");
    ben.openList("Groceries");
    assertThat(ben.members()).containsExactly("ana", "ben");

    ana.addTodo("milk");
    ben.until(d -> ben.todos().equals(List.of("milk")));
    ben.until(d -> ben.toasts().stream().anyMatch(t -> t.contains("ana added 'milk'")));
    ana.until(d -> ana.confirmedTodos().equals(List.of("milk")));
    ana.screenshot("list-shared.png");
    ben.screenshot("list-shared-other-member.png");
  }
}
