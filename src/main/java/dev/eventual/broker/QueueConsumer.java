package dev.eventual.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

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

  /**
   * Consumes {@code queue} with manual acks and {@code prefetch}, each delivery handed to {@code deliveries} on the
   * client's thread. The broker closing the channel, or cancelling the consumer, breaks the connection. Blocking.
   */
  void start(String queue, int prefetch, Map<String, Object> arguments, Handler<Delivery> deliveries) throws IOException {
    channel.basicQos(prefetch, false);
    channel.addShutdownListener((ShutdownSignalException cause) -> {
      if (!cause.isInitiatedByApplication()) {
        broken.run();
      }
    });
    channel.basicConsume(queue, false, arguments == null ? Map.of() : arguments, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        deliveries.handle(new Delivery(envelope, properties, body));
      }

      @Override
      public void handleCancel(String tag) {
        LOG.warn("{}: RabbitMQ cancelled the consumer of {}; reconnecting", name, queue);
        broken.run();
      }
    });
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
