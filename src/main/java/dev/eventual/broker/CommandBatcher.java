package dev.eventual.broker;

import dev.eventual.trace.Carrier;
import dev.eventual.trace.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Hands commands to their partition's queue, several to a message under load. Each partition has at most
 * {@link #IN_FLIGHT} publishes waiting for their confirms: a command that finds fewer goes out at once, alone, as
 * before (no added latency at low rates); the ones that arrive while they are all out go together in the next message,
 * {@code {"commands":[…]}}, up to {@link #MAX_COMMANDS} or {@link #MAX_BYTES}. Each caller's future completes when
 * the message holding its command is confirmed — its 202 — or fails with it. Order per partition is arrival order:
 * one channel publishes them, in order. Each command's trace goes along in the message's headers ({@link Carrier});
 * a message of several is a span of its own that links them.
 * Used on one event loop.
 */
public final class CommandBatcher {
  static final int IN_FLIGHT = 2;
  static final int MAX_COMMANDS = 200;
  static final int MAX_BYTES = 256 * 1024;
  private static final Buffer OPEN = Buffer.buffer("{\"commands\":[");
  private static final Buffer COMMA = Buffer.buffer(",");
  private static final Buffer CLOSE = Buffer.buffer("]}");

  /** A command on its way: its JSON, its trace, and who waits for the confirm. */
  private record Waiting(Buffer command, String traceparent, Promise<Void> confirmed) {
  }

  private static final class Lane {
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    int publishing;
  }

  private final BrokerConnection broker;
  private final String exchange;
  private final Lane[] lanes;
  private final IntConsumer confirmed;
  private final Tracing tracing;

  /** {@code confirmed} is told the number of commands in each message the broker confirmed. */
  public CommandBatcher(BrokerConnection broker, String exchange, int partitions, IntConsumer confirmed, Tracing tracing) {
    this.broker = broker;
    this.tracing = tracing;
    this.exchange = exchange;
    this.confirmed = confirmed;
    this.lanes = new Lane[partitions];
    for (int p = 0; p < partitions; p++) {
      lanes[p] = new Lane();
    }
  }

  /** Completes once RabbitMQ confirmed the message that holds {@code command}. */
  public Future<Void> publish(int partition, Buffer command, String traceparent) {
    Promise<Void> confirmed = Promise.promise();
    Lane lane = lanes[partition];
    lane.waiting.add(new Waiting(command, traceparent, confirmed));
    flush(partition, lane);
    return confirmed.future();
  }

  /** Sends what waits, a message per free slot. */
  private void flush(int partition, Lane lane) {
    while (lane.publishing < IN_FLIGHT && !lane.waiting.isEmpty()) {
      send(partition, lane);
    }
  }

  private void send(int partition, Lane lane) {
    List<Waiting> batch = new ArrayList<>();
    int bytes = 0;
    while (!lane.waiting.isEmpty() && batch.size() < MAX_COMMANDS
      && (batch.isEmpty() || bytes + lane.waiting.peek().command().length() < MAX_BYTES)) {
      Waiting next = lane.waiting.poll();
      bytes += next.command().length() + 1;
      batch.add(next);
    }
    lane.publishing++;
    long sent = Tracing.now();
    List<String> traces = new ArrayList<>(batch.size());
    batch.forEach(w -> traces.add(w.traceparent()));
    Tracing.Hop carrying = batch.size() > 1 && tracing.on()
      ? tracing.begin("publish batch", null, sent).attribute("eventual.commands", batch.size()) : null;
    if (carrying != null) {
      traces.forEach(carrying::link);
    }
    broker.publish(exchange, Topology.routingKey(partition), body(batch), Carrier.commandHeaders(traces, sent / 1000))
      .onComplete(ar -> {
        if (carrying != null) {
          carrying.end(Tracing.now());
        }
        lane.publishing--;
        if (ar.succeeded()) {
          confirmed.accept(batch.size());
        }
        for (Waiting w : batch) {
          if (ar.succeeded()) {
            w.confirmed().tryComplete();
          } else {
            w.confirmed().tryFail(ar.cause());
          }
        }
        flush(partition, lane);
      });
  }

  private static Buffer body(List<Waiting> batch) {
    if (batch.size() == 1) {
      return batch.get(0).command();
    }
    Buffer body = Buffer.buffer(OPEN.length() + batch.stream().mapToInt(w -> w.command().length() + 1).sum() + 2)
      .appendBuffer(OPEN);
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        body.appendBuffer(COMMA);
      }
      body.appendBuffer(batch.get(i).command());
    }
    return body.appendBuffer(CLOSE);
  }
}
