package dev.eventual.eventlog;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.ConsumerFlowStrategy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Resource;
import dev.eventual.broker.StreamEnvironment;
import dev.eventual.config.Settings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tails the event stream over RabbitMQ's stream protocol, which hands over whole chunks of entries where an AMQP
 * 0-9-1 consumer gets one delivery (three frames, a header table) per entry. Each entry is decoded on the client's
 * thread, so reading the bytes runs beside the fold rather than in it, and reaches {@code sink} on the owning
 * verticle's context, in offset order, once.
 *
 * <p>Flow control is the client's credits: the broker sends a chunk only for a credit, and a credit goes back when
 * half of a chunk's entries have been folded, so at most {@link #CREDITS} chunks wait in memory however long the
 * stream is. Every (re)subscription, the client's own recoveries included, starts right after the last entry handed
 * over, so nothing is skipped or handed over twice.
 */
final class StreamTail<T> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamTail.class);
  /** Chunks in flight: enough to keep the broker busy while a chunk is folded, whatever the chunks' sizes. */
  private static final int CREDITS = 16;
  /** Entries folded per turn of the event loop before it lets other work in. */
  private static final int BATCH = 4096;

  /**
   * Turns an entry (its body, its properties, and when the broker wrote it, ms) into what the sink takes; runs on the
   * client's thread, one entry at a time.
   */
  interface Decoder<T> {
    T decode(long offset, com.rabbitmq.stream.Message message, long timestamp);
  }

  /** Receives each entry once, in order, on the owning context. */
  interface Sink<T> {
    void entry(long offset, T decoded);
  }

  /** {@code timestamp}: when the broker wrote the entry's chunk, by its clock (ms). */
  private record Entry<T>(long offset, T decoded, MessageHandler.Context context, long timestamp) {
  }

  private final Vertx vertx;
  private final Context context;
  private final Settings settings;
  private final String name;
  private final Decoder<T> decoder;
  private final Sink<T> sink;
  private final Handler<Boolean> stateHandler;
  private final ConcurrentLinkedQueue<Entry<T>> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile long handedOver;
  private volatile boolean stopped;
  private Environment environment;
  private Consumer consumer;

  StreamTail(Vertx vertx, Settings settings, String name, long after, Decoder<T> decoder, Sink<T> sink,
             Handler<Boolean> stateHandler) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.name = name;
    this.handedOver = after;
    this.decoder = decoder;
    this.sink = sink;
    this.stateHandler = stateHandler;
  }

  /** Connects and subscribes after the offset given at construction; fails with one readable line if it cannot. */
  Future<Void> start() {
    return vertx.executeBlocking(() -> {
      environment = connect();
      consumer = subscribe();
      return null;
    });
  }

  Future<Void> stop() {
    stopped = true;
    return vertx.executeBlocking(() -> {
      if (environment != null) {
        environment.close();
      }
      return null;
    });
  }

  private Environment connect() throws InterruptedException {
    return StreamEnvironment.connect(settings, name);
  }

  private Consumer subscribe() {
    return environment.consumerBuilder().stream(settings.eventStream())
      .offset(OffsetSpecification.offset(handedOver + 1))
      .subscriptionListener(subscription -> subscription.offsetSpecification(OffsetSpecification.offset(handedOver + 1)))
      .noTrackingStrategy()
      .flow().strategy(ConsumerFlowStrategy.creditWhenHalfMessagesProcessed(CREDITS)).builder()
      .listeners(this::stateChanged)
      .messageHandler(this::received)
      .build();
  }

  /** On the client's thread: decode and queue the entry, and make sure a drain is scheduled on the owning context. */
  private void received(MessageHandler.Context delivery, com.rabbitmq.stream.Message message) {
    long offset = delivery.offset();
    if (offset <= handedOver) {
      delivery.processed();
      return;
    }
    if (offset > handedOver + 1) { // a stream clamps an offset outside its range to its first entry without a word
      LOG.error("{}: the log jumps from offset {} to {}: entries in between were removed (retention?) and are not folded",
        name, handedOver, offset);
    }
    handedOver = offset;
    inbox.offer(new Entry<>(offset, decoder.decode(offset, message, delivery.timestamp()), delivery, delivery.timestamp()));
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(false);
    for (int i = 0; i < BATCH; i++) {
      Entry<T> e = inbox.poll();
      if (e == null) {
        return;
      }
      if (!stopped) {
        sink.entry(e.offset(), e.decoded());
      }
      e.context().processed();
    }
    if (!inbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /**
   * How far the fold is behind the log, in seconds: how long ago the broker wrote the oldest entry received and not
   * folded yet (0 when none waits). Catching up, entries wait here, a few chunks at a time, as old as the backlog.
   */
  double lagSeconds() {
    Entry<T> oldest = inbox.peek();
    return oldest == null ? 0 : Math.max(0, System.currentTimeMillis() - oldest.timestamp()) / 1000.0;
  }

  private void stateChanged(Resource.Context change) {
    Resource.State now = change.currentState();
    if (now == Resource.State.OPEN) {
      LOG.info("{}: reading {} over the stream protocol from offset {}", name, settings.eventStream(), handedOver + 1);
    } else if (now == Resource.State.RECOVERING) {
      LOG.warn("{}: lost the stream connection; the client reconnects and resumes after offset {}", name, handedOver);
    }
    context.runOnContext(v -> stateHandler.handle(now == Resource.State.OPEN));
    if (now == Resource.State.CLOSED && !stopped) {
      LOG.warn("{}: the stream client gave up on {}; subscribing again", name, settings.eventStream());
      resubscribe(250);
    }
  }

  private void resubscribe(long delayMs) {
    vertx.setTimer(delayMs, id -> {
      if (stopped) {
        return;
      }
      vertx.executeBlocking(() -> subscribe()).onComplete(ar -> {
        if (ar.succeeded()) {
          consumer = ar.result();
        } else {
          LOG.warn("{}: could not subscribe to {} again: {}", name, settings.eventStream(), StreamEnvironment.rootMessage(ar.cause()));
          resubscribe(Math.min(delayMs * 2, 5_000));
        }
      });
    });
  }
}
