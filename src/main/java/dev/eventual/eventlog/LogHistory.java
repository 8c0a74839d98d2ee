package dev.eventual.eventlog;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import dev.eventual.broker.StreamEnvironment;
import dev.eventual.config.Settings;
import dev.eventual.domain.Event;
import dev.eventual.readmodel.FenceHistory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One user's events read again from the stream itself, for a resume older than the node's window: a consumer of its
 * own from the cursor on, each entry judged as the fold judged it (a decision under a stale fence went to nobody), up
 * to a given cursor. The stream connection is opened at the first read and kept; at most {@link #AT_ONCE} reads run
 * at a time, the others wait their turn. Only over the stream protocol ({@code events.transport=stream}).
 */
public final class LogHistory {
  private static final Logger LOG = LoggerFactory.getLogger(LogHistory.class);
  private static final int AT_ONCE = 2;
  private static final long READ_MS = 30_000;

  /** The log no longer has the entries asked for (cut from the front): the gap cannot be filled. */
  public static final class Truncated extends RuntimeException {
    Truncated(long wanted, long first) {
      super("the log starts at offset " + first + ", after " + wanted, null, false, false);
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final String name;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private Environment environment;

  public LogHistory(Vertx vertx, Settings settings, String name) {
    this.vertx = vertx;
    this.settings = settings;
    this.name = name;
  }

  public boolean available() {
    return settings.readsStreamProtocol();
  }

  /**
   * The events for {@code userId} with a cursor in ({@code after}, {@code upTo}], in order, given every partition's
   * fence right after {@code after}. On the caller's context; fails after {@value #READ_MS} ms.
   */
  public Future<List<Event>> read(long after, long upTo, String userId, Map<Integer, String> fences) {
    if (upTo <= after) {
      return Future.succeededFuture(List.of());
    }
    Promise<List<Event>> result = Promise.promise();
    Runnable start = () -> vertx.executeBlocking(() -> readBlocking(after, upTo, userId, fences), false)
      .onComplete(ar -> {
        running--;
        Runnable next = waiting.poll();
        if (next != null) {
          next.run();
        }
        result.handle(ar);
      });
    if (running < AT_ONCE) {
      running++;
      start.run();
    } else {
      waiting.add(() -> {
        running++;
        start.run();
      });
    }
    return result.future();
  }

  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        if (environment != null) {
          environment.close();
          environment = null;
        }
      }
      return null;
    }, false);
  }

  private synchronized Environment environment() throws InterruptedException {
    if (environment == null) {
      environment = StreamEnvironment.connect(settings, name);
    }
    return environment;
  }

  private List<Event> readBlocking(long after, long upTo, String userId, Map<Integer, String> fences) throws Exception {
    List<Event> mine = new ArrayList<>();
    Map<Integer, String> at = new HashMap<>(fences);
    EventReader reader = new EventReader();
    CompletableFuture<Void> done = new CompletableFuture<>();
    long[] last = {after};
    com.rabbitmq.stream.Consumer consumer = environment().consumerBuilder().stream(settings.eventStream())
      .offset(OffsetSpecification.offset(after + 1)).noTrackingStrategy()
      .messageHandler((context, message) -> {
        long offset = context.offset();
        if (done.isDone() || offset <= last[0]) {
          return;
        }
        if (offset > last[0] + 1 && last[0] == after) {
          done.completeExceptionally(new Truncated(after + 1, offset));
          return;
        }
        last[0] = offset;
        if (offset <= upTo) {
          judge(reader, offset, message.getBodyAsBinary(), userId, at, mine);
        }
        if (offset >= upTo) {
          done.complete(null);
        }
      })
      .build();
    try {
      done.get(READ_MS, TimeUnit.MILLISECONDS);
      return mine;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      consumer.close();
    }
  }

  private static void judge(EventReader reader, long offset, byte[] body, String userId, Map<Integer, String> fences, List<Event> mine) {
    Event event;
    try {
      event = reader.read(body, 0, body.length, offset);
    } catch (IOException | RuntimeException e) {
      LOG.debug("skipping unreadable entry at offset {}: {}", offset, e.getMessage());
      return;
    }
    if (event.payload() instanceof Event.Fence fence) {
      if (fence.partition() != null) {
        fences.put(fence.partition(), fence.fenceId());
      }
    } else if (FenceHistory.applied(event, fences) && event.audience().contains(userId)) {
      mine.add(event);
    }
  }
}
