package dev.eventual.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A confirm-mode channel written from the event loop: each publish is a socket write of a few frames, and its
 * future completes when the broker confirms it. Confirms are handed to the owning context, and every publisher
 * keeps its own waiting publishes: a late confirm of an older channel (sequence numbers start again on each) can
 * only settle that channel's publishes, which were failed when it was left.
 */
final class Publisher {
  private static final AMQP.BasicProperties PERSISTENT_JSON = new AMQP.BasicProperties.Builder()
    .deliveryMode(2).contentType("application/json").build();

  private final Channel channel;
  /** Publishes awaiting the broker's confirm, by publish sequence number; touched on the owning context only. */
  private final TreeMap<Long, Promise<Void>> unconfirmed = new TreeMap<>();

  private Publisher(Channel channel) {
    this.channel = channel;
  }

  /** Opens a confirm-mode channel on {@code amqp}; blocking, call off the event loop. */
  static Publisher open(Connection amqp, Context context) throws IOException {
    Publisher p = new Publisher(amqp.createChannel());
    p.channel.confirmSelect();
    p.channel.addConfirmListener((tag, multiple) -> context.runOnContext(v -> p.confirm(tag, multiple, true)),
      (tag, multiple) -> context.runOnContext(v -> p.confirm(tag, multiple, false)));
    return p;
  }

  Channel channel() {
    return channel;
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  /** Publishes a persistent message; fails at once if the write fails (the caller then treats the channel as broken). */
  Future<Void> publish(String exchange, String routingKey, byte[] body, Map<String, Object> headers) throws IOException {
    Promise<Void> confirmed = Promise.promise();
    long tag = channel.getNextPublishSeqNo();
    unconfirmed.put(tag, confirmed);
    try {
      channel.basicPublish(exchange, routingKey, false,
        headers == null ? PERSISTENT_JSON : PERSISTENT_JSON.builder().headers(headers).build(), body);
    } catch (IOException | RuntimeException e) {
      unconfirmed.remove(tag);
      throw e;
    }
    return confirmed.future();
  }

  /** Fails every publish still waiting for its confirm. */
  void failAll(String why) {
    List<Promise<Void>> waiting = new ArrayList<>(unconfirmed.values());
    unconfirmed.clear();
    waiting.forEach(p -> p.tryFail(new BrokerUnavailable(why)));
  }

  private void confirm(long tag, boolean multiple, boolean ok) {
    if (!multiple) {
      settle(unconfirmed.remove(tag), ok);
      return;
    }
    // Taken out before settling: a settled publish often publishes the next message, which adds to the map.
    Map<Long, Promise<Void>> head = unconfirmed.headMap(tag, true);
    List<Promise<Void>> done = new ArrayList<>(head.values());
    head.clear();
    for (Promise<Void> p : done) {
      settle(p, ok);
    }
  }

  private static void settle(Promise<Void> p, boolean ok) {
    if (p == null) {
      return;
    }
    if (ok) {
      p.tryComplete();
    } else {
      p.tryFail(new BrokerUnavailable("RabbitMQ refused the message (nack)"));
    }
  }
}
