package dev.eventual.processor;

import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.MessageBuilder;
import com.rabbitmq.stream.Producer;
import dev.eventual.broker.BrokerConnection;
import dev.eventual.broker.BrokerUnavailable;
import dev.eventual.broker.StreamEnvironment;
import dev.eventual.config.Settings;
import dev.eventual.domain.Event;
import dev.eventual.eventlog.EventWriter;
import dev.eventual.trace.Carrier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Appends a decider's events (and its fences) to the event stream, in order, each future completing on the broker's
 * confirm. Over RabbitMQ's stream protocol where the node reads the log that way: its producer sends many entries
 * per frame and the broker writes them as one batch, where an AMQP publish costs the broker a message each (routing,
 * a conversion, a confirm). With dynamic batching a lone event goes at once, so low rates wait for nothing.
 * With {@code events.transport=amqp} (no stream plugin) it publishes over AMQP.
 */
abstract class Appender {
  /** Appends the event; {@code stamp} (its trace and times, or null) goes in the entry's properties, not its body. */
  abstract Future<Void> append(Event event, Carrier.Stamp stamp);

  abstract Future<Void> close();

  static Future<Appender> open(Vertx vertx, Settings settings, String name, BrokerConnection broker) {
    if (!settings.readsStreamProtocol()) {
      return Future.succeededFuture(new Amqp(broker, settings.eventStream()));
    }
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      Environment environment = StreamEnvironment.connect(settings, name);
      try {
        Producer producer = environment.producerBuilder().stream(settings.eventStream())
          .dynamicBatch(true)
          // A decision unconfirmed for long fails its batch, which goes back to the queue; recovery must not resend
          // it behind the batch's back (the redelivered commands are deduplicated by what was folded).
          .confirmTimeout(Duration.ofSeconds(10)).retryOnRecovery(false)
          .maxUnconfirmedMessages(20_000).enqueueTimeout(Duration.ofMillis(50))
          .build();
        return new Stream(environment, producer, context);
      } catch (RuntimeException e) {
        environment.close();
        throw e;
      }
    });
  }

  private static final class Amqp extends Appender {
    private final BrokerConnection broker;
    private final String stream;

    Amqp(BrokerConnection broker, String stream) {
      this.broker = broker;
      this.stream = stream;
    }

    @Override
    Future<Void> append(Event event, Carrier.Stamp stamp) {
      return broker.publish("", stream, EventWriter.json(event), stamp == null ? null : stamp.properties());
    }

    @Override
    Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  private static final class Stream extends Appender {
    private final Environment environment;
    private final Producer producer;
    private final Context context;

    Stream(Environment environment, Producer producer, Context context) {
      this.environment = environment;
      this.producer = producer;
      this.context = context;
    }

    @Override
    Future<Void> append(Event event, Carrier.Stamp stamp) {
      Promise<Void> confirmed = Promise.promise();
      try {
        MessageBuilder message = producer.messageBuilder();
        if (stamp != null) {
          MessageBuilder.ApplicationPropertiesBuilder properties = message.applicationProperties();
          if (stamp.traceparent() != null) {
            properties.entry(Carrier.TRACEPARENT, stamp.traceparent());
          }
          message = properties.entry(Carrier.DEQUEUED, stamp.dequeuedMicros()).entry(Carrier.DECIDED, stamp.decidedMicros())
            .messageBuilder();
        }
        producer.send(message.addData(EventWriter.json(event).getBytes()).build(),
          status -> context.runOnContext(v -> settle(confirmed, status)));
      } catch (RuntimeException e) {
        confirmed.tryFail(new BrokerUnavailable("cannot append to the event stream: " + e.getMessage()));
      }
      return confirmed.future();
    }

    private static void settle(Promise<Void> confirmed, ConfirmationStatus status) {
      if (status.isConfirmed()) {
        confirmed.tryComplete();
      } else {
        confirmed.tryFail(new BrokerUnavailable("the event stream refused an entry (code "
          + status.getCode() + ")"));
      }
    }

    @Override
    Future<Void> close() {
      return context.owner().executeBlocking(() -> {
        producer.close();
        environment.close();
        return null;
      });
    }
  }
}
