package dev.eventual.socket;

import dev.eventual.Addresses;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.config.Settings;
import dev.eventual.readmodel.ReadModel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is looking at which list, across all nodes. Beats (a member's page says "I am here" every
 * {@link #BEAT_SECONDS} s, or "I left") reach every node through the presence fanout; each node keeps the same map
 * and tells the list's members on its own sockets whenever the set of users looking changes, and when a tab comes in
 * (so that it learns who is there). A viewer is a user's tab: one of two tabs leaving leaves the user here. A viewer
 * whose beats stop is gone after {@link #EXPIRY_MS}. Presence is ephemeral: not in the log, not durable.
 */
public class PresenceVerticle extends VerticleBase {
  public static final int BEAT_SECONDS = 15;
  private static final long EXPIRY_MS = BEAT_SECONDS * 2_500L;

  private final Settings settings;
  private final String nodeId;
  private final ReadModel readModel;
  private final Map<String, Map<String, Long>> viewers = new HashMap<>();
  private BrokerConnection broker;

  public PresenceVerticle(Settings settings, String nodeId, ReadModel readModel) {
    this.settings = settings;
    this.nodeId = nodeId;
    this.readModel = readModel;
  }

  @Override
  public Future<?> start() {
    broker = new BrokerConnection(vertx, settings, "eventual-presence-" + nodeId, this::subscribe);
    vertx.setPeriodic(BEAT_SECONDS * 1000L / 3, id -> expire());
    return broker.start();
  }

  @Override
  public Future<?> stop() {
    return broker.stop();
  }

  private Future<Void> subscribe(RabbitMQClient client) {
    return client.queueDeclare("", false, true, true)
      .compose(ok -> client.queueBind(ok.getQueue(), settings.presenceExchange(), "")
        .compose(v -> client.basicConsumer(ok.getQueue(), new QueueOptions().setAutoAck(true))))
      .onSuccess(consumer -> consumer.handler(message -> {
        try {
          beat(message.body().toJsonObject());
        } catch (RuntimeException malformed) {
          // Not a beat of ours; presence is best effort.
        }
      }))
      .mapEmpty();
  }

  private void beat(JsonObject beat) {
    String listId = beat.getString("listId");
    String userId = beat.getString("userId");
    if (listId == null || userId == null) {
      return;
    }
    Map<String, Long> here = viewers.computeIfAbsent(listId, k -> new HashMap<>());
    Set<String> before = users(here);
    String viewer = userId + " " + beat.getString("tab", "");
    boolean came = false;
    if (beat.getBoolean("here", false)) {
      came = here.put(viewer, System.currentTimeMillis() + EXPIRY_MS) == null;
    } else {
      here.remove(viewer);
    }
    if (came || !before.equals(users(here))) {
      announce(listId, here);
    }
    if (here.isEmpty()) {
      viewers.remove(listId);
    }
  }

  private void expire() {
    long now = System.currentTimeMillis();
    for (var it = viewers.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      Set<String> before = users(entry.getValue());
      if (entry.getValue().values().removeIf(until -> until < now) && !before.equals(users(entry.getValue()))) {
        announce(entry.getKey(), entry.getValue());
      }
      if (entry.getValue().isEmpty()) {
        it.remove();
      }
    }
  }

  /** The users behind a list's viewers ("userId tab"). */
  private static Set<String> users(Map<String, Long> here) {
    Set<String> users = new TreeSet<>();
    here.keySet().forEach(viewer -> users.add(viewer.substring(0, viewer.indexOf(' '))));
    return users;
  }

  /** Tells every current member of the list who is looking at it now; a non-member's beat counts for nothing. */
  private void announce(String listId, Map<String, Long> here) {
    readModel.state().list(listId).ifPresent(list -> {
      JsonArray ids = new JsonArray(users(here).stream().filter(list::isMember).toList());
      JsonObject message = new JsonObject().put("action", "presence").put("listId", listId)
        .put("payload", new JsonObject().put("userIds", ids)).put("at", java.time.Instant.now().toString());
      vertx.eventBus().publish(Addresses.PUSH, Addresses.Push.of(list.members(), message));
    });
  }
}
