package dev.eventual.broker;

import com.rabbitmq.client.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A consumer on a channel of its own (see {@link BrokerConnection#consume}): its deliveries are its own, so one
 * multiple ack settles a batch. A failed ack or nack marks the connection broken, and it reconnects.
 */
public final class QueueConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

  private final Vertx vertx;
  private final Channel channel;
  private final String name;
  private final Runnable broken;

  QueueConsumer(Vertx vertx, Channel channel, String name, Runnable broken) {
    this.vertx = vertx;
    this.channel = channel;
    this.name = name;
    this.broken = broken;
  }

  /** Acks {@code tag}, and with {@code multiple} every earlier unacked delivery of this consumer too. */
  public void ack(long tag, boolean multiple) {
    try {
      channel.basicAck(tag, multiple);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: ack failed: {}", name, e.getMessage());
      broken.run();
    }
  }

  /** Returns {@code tag} (and with {@code multiple} every earlier unacked delivery) to the queue. */
  public void requeue(long tag, boolean multiple) {
    try {
      channel.basicNack(tag, multiple, true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: nack failed: {}", name, e.getMessage());
      broken.run();
    }
  }

  /**
   * Closes the consumer's channel: RabbitMQ returns its unacked deliveries to the head of the queue, in order (a
   * {@code basic.cancel} would let the next consumer overtake them), and a single-active-consumer queue hands its
   * turn to the next consumer in line. Completes once the broker has closed it.
   */
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      try {
        channel.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("{}: closing a consumer channel: {}", name, e.getMessage());
      }
      return null;
    });
  }
}
