package dev.eventual.broker;

import dev.eventual.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;

import java.util.ArrayList;
import java.util.List;

/**
 * The broker objects of one namespace, declared on every (re)connect: a direct exchange, one quorum queue per
 * partition with a single active consumer, the event stream (kept forever), and two fanout exchanges, for presence
 * beats and for processor instances' beats (each binds a queue of its own that lives as long as its connection). rabbitmq/definitions.json
 * describes the same for the default namespace.
 */
public final class Topology {
  private Topology() {
  }

  public static Future<Void> declare(RabbitMQClient client, Settings s) {
    List<Future<?>> steps = new ArrayList<>();
    steps.add(client.exchangeDeclare(s.commandsExchange(), "direct", true, false));
    steps.add(client.exchangeDeclare(s.presenceExchange(), "fanout", true, false));
    steps.add(client.exchangeDeclare(s.processorsExchange(), "fanout", true, false));
    steps.add(client.queueDeclare(s.eventStream(), true, false, false, new JsonObject().put("x-queue-type", "stream")));
    for (int i = 0; i < s.partitions(); i++) {
      int p = i;
      String queue = s.commandQueue(p);
      steps.add(client.queueDeclare(queue, true, false, false,
          new JsonObject().put("x-queue-type", "quorum").put("x-single-active-consumer", true))
        .compose(ok -> client.queueBind(queue, s.commandsExchange(), routingKey(p))));
    }
    return Future.all(steps).mapEmpty();
  }

  public static String routingKey(int partition) {
    return Integer.toString(partition);
  }

  /** Every exchange the topology declares, the commands exchange first. */
  public static List<String> exchanges(Settings s) {
    return List.of(s.commandsExchange(), s.presenceExchange(), s.processorsExchange());
  }

  public static List<String> queues(Settings s) {
    List<String> names = new ArrayList<>();
    names.add(s.eventStream());
    for (int p = 0; p < s.partitions(); p++) {
      names.add(s.commandQueue(p));
    }
    return names;
  }
}
