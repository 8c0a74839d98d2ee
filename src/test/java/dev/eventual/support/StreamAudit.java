package dev.eventual.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The event log read raw and judged without the app's code: which decisions were taken under their partition's
 * current fence (applied) and which under a stale one (ignored), how many terminal events each command got, and
 * whether each list's versions run without a gap. What the tests of failover compare the app against.
 */
public final class StreamAudit {
  public final List<JsonObject> events = new ArrayList<>();
  /** The events a fold applies: all but decisions under a stale fence (and fences, which change nothing). */
  public final List<JsonObject> applied = new ArrayList<>();
  public final Map<String, Integer> appliedTerminals = new HashMap<>();
  public final Map<String, List<Long>> versionsByList = new HashMap<>();
  public int stale;
  public int fences;

  /** Reads {@code <namespace>.events} from its first offset until nothing more comes for {@code quietMs}. */
  public static StreamAudit read(String amqpUri, String namespace, long quietMs) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(amqpUri);
    LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    StreamAudit audit = new StreamAudit();
    try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      channel.basicQos(1000);
      channel.basicConsume(namespace + ".events", false, Map.of("x-stream-offset", "first"), new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
          received.add(new JsonObject(new String(body, StandardCharsets.UTF_8)));
          try {
            getChannel().basicAck(envelope.getDeliveryTag(), false);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      for (JsonObject e; (e = received.poll(quietMs, TimeUnit.MILLISECONDS)) != null; ) {
        audit.add(e);
      }
    }
    return audit;
  }

  private final Map<Integer, String> latestFence = new HashMap<>();

  private void add(JsonObject e) {
    events.add(e);
    String type = e.getString("type");
    if ("Fence".equals(type)) {
      Object p = e.getJsonObject("payload").getValue("partition");
      if (p instanceof Number n) {
        latestFence.put(n.intValue(), e.getJsonObject("payload").getString("fenceId"));
        fences++;
      }
      return;
    }
    String fence = e.getString("fence");
    if (fence != null && !fence.equals(latestFence.get(e.getInteger("partition")))) {
      stale++;
      return;
    }
    applied.add(e);
    if (e.getString("commandId") != null) {
      appliedTerminals.merge(e.getString("commandId"), 1, Integer::sum);
    }
    if (e.getString("listId") != null && !Set.of("CommandRejected", "CommandFailed").contains(type)) {
      versionsByList.computeIfAbsent(e.getString("listId"), k -> new ArrayList<>()).add(e.getLong("version"));
    }
  }

  /** Lists whose applied versions do not run 1, 2, 3, … without a gap or a repeat, with what they ran. */
  public Map<String, List<Long>> listsWithGaps() {
    Map<String, List<Long>> bad = new TreeMap<>();
    versionsByList.forEach((list, versions) -> {
      for (int i = 0; i < versions.size(); i++) {
        if (versions.get(i) != i + 1) {
          bad.put(list, versions);
          return;
        }
      }
    });
    return bad;
  }

  /** Commands with more than one applied terminal event. */
  public List<String> duplicated() {
    return appliedTerminals.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
  }

  /** Reads the log until every accepted command has its applied terminal event (or 2 minutes passed), and returns what it read. */
  public static StreamAudit awaitOutcomes(String uri, String ns, java.util.Set<String> accepted) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    StreamAudit audit = null;
    do {
      try {
        audit = StreamAudit.read(uri, ns, 2_000);
      } catch (java.io.IOException notYet) {
        System.out.println("reading the stream: " + notYet.getCause());
        audit = null;
        Thread.sleep(2_000);
        continue;
      }
      StreamAudit seen = audit;
      if (accepted.stream().allMatch(seen.appliedTerminals::containsKey)) {
        return audit;
      }
      Thread.sleep(2_000);
    } while (System.currentTimeMillis() < deadline);
    if (audit == null) {
      throw new AssertionError("the event stream could not be read");
    }
    return audit;
  }
}
