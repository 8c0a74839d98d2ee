package dev.eventual.eventlog;

import dev.eventual.domain.Event;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The one writer of a stream entry: the event as JSON, its fields in the order the log has always had them. */
public final class EventWriter {
  private EventWriter() {
  }

  public static Buffer json(Event event) {
    return new JsonObject(event.toMap()).toBuffer();
  }
}
