package dev.eventual.eventlog;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import dev.eventual.broker.StreamEnvironment;
import dev.eventual.domain.Event;
import dev.eventual.snapshot.SnapshotFile;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a snapshot was taken of this log: the entry at its cursor must be there and carry the eventId it recorded
 * (a stream deleted and declared again, or cut from the front, has another or none there).
 */
final class SnapshotCheck {
  /** How long start-up waits for the entry at a snapshot's cursor before taking the stream to be another one. */
  private static final long CHECK_MS = 10_000;

  private SnapshotCheck() {
  }

  /** Null when {@code stream} has, at the header's cursor, the event the snapshot recorded; else what is wrong. */
  static String againstLog(Environment environment, String stream, SnapshotFile.Header header) {
    CompletableFuture<Object[]> first = new CompletableFuture<>();
    com.rabbitmq.stream.Consumer consumer = null;
    try {
      consumer = environment.consumerBuilder().stream(stream)
        .offset(OffsetSpecification.offset(header.cursor())).noTrackingStrategy()
        .messageHandler((context, message) -> first.complete(new Object[] {context.offset(), message.getBodyAsBinary()}))
        .build();
      Object[] entry = first.get(CHECK_MS, TimeUnit.MILLISECONDS);
      long offset = (Long) entry[0];
      if (offset != header.cursor()) {
        return "the log starts at offset " + offset + ", after the snapshot's cursor " + header.cursor();
      }
      byte[] body = (byte[]) entry[1];
      Event event = new EventReader().read(body, 0, body.length, offset);
      if (!header.eventId().equals(event.eventId())) {
        return "the event at offset " + offset + " is " + event.eventId() + ", not " + header.eventId()
          + " as when the snapshot was taken (the stream was deleted and declared again?)";
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while checking it against the log";
    } catch (TimeoutException e) {
      return "the log has no entry at the snapshot's cursor " + header.cursor() + " (it is shorter: deleted and declared again?)";
    } catch (java.util.concurrent.ExecutionException | IOException | RuntimeException e) {
      return "the log cannot be read at its cursor " + header.cursor() + ": " + StreamEnvironment.rootMessage(e);
    } finally {
      if (consumer != null) {
        consumer.close();
      }
    }
  }
}
