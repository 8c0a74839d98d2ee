package dev.eventual.trace;

import org.slf4j.MDC;

/**
 * Puts a command's {@code commandId} and {@code traceId} in the MDC for the lines logged about it, on the thread
 * handling it now; {@code try (CommandLog l = CommandLog.of(...)) { LOG... }} takes them out again.
 */
public final class CommandLog implements AutoCloseable {
  private static final CommandLog SCOPE = new CommandLog();

  private CommandLog() {
  }

  public static CommandLog of(String commandId, String traceparent) {
    if (commandId != null) {
      MDC.put("commandId", commandId);
    }
    if (traceparent != null) {
      MDC.put("traceId", Traceparent.traceId(traceparent));
    }
    return SCOPE;
  }

  @Override
  public void close() {
    MDC.remove("commandId");
    MDC.remove("traceId");
  }
}
