package dev.eventual.web;

import dev.eventual.Addresses;
import dev.eventual.Addresses.Push;
import dev.eventual.auth.Sessions;
import dev.eventual.eventlog.Resume;
import dev.eventual.metrics.Metrics;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@code GET /api/events/stream}: Server-Sent Events beside the SockJS bridge, through the same door (a session, the
 * page's origin), with every event the caller's sockets get, each with its cursor as {@code id}. {@code Last-Event-ID}
 * (or {@code ?lastEventId=}, which a first {@code EventSource} can send) resumes after that cursor as
 * {@code GET /api/events?after=} does ({@link Resume}), or says {@code event: reset} first. One per HTTP verticle
 * instance, on its event loop.
 */
final class EventStreamApi {
  static final Logger LOG = LoggerFactory.getLogger(EventStreamApi.class);
  static final long HEARTBEAT_MS = 15_000;
  /** Past this many bytes waiting for a reader, its stream is cut, as a socket's is. */
  static final int WRITE_QUEUE_BYTES = dev.eventual.socket.SocketBridge.WRITE_QUEUE_BYTES;
  /** The client's reconnect delay is drawn from [MIN, MAX) ms, so a node's restart does not bring everyone back at once. */
  static final long RETRY_MIN_MS = 1_000;
  static final long RETRY_MAX_MS = 6_000;
  private static final long ENDED_SESSIONS_CHECK_MS = 500;
  private static final Pattern CURSOR = Pattern.compile("[0-9]{1,18}");

  private final Vertx vertx;
  private final ReadModel readModel;
  private final Resume resume;
  private final Metrics metrics;
  private final Map<String, List<SseStream>> byUser = new HashMap<>();
  private final Set<SseStream> open = new LinkedHashSet<>();
  private long sessionsEndedSeen;

  EventStreamApi(Vertx vertx, ReadModel readModel, Resume resume, Metrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.readModel = readModel;
    this.resume = resume;
  }

  Future<Void> mount(Router router) {
    router.get("/api/events/stream").handler(this::stream);
    vertx.setPeriodic(HEARTBEAT_MS, id -> List.copyOf(open).forEach(SseStream::heartbeat));
    vertx.setPeriodic(ENDED_SESSIONS_CHECK_MS, id -> closeEnded());
    return vertx.eventBus().<Push>localConsumer(Addresses.PUSH, m -> push(m.body())).completion();
  }

  int streams() {
    return open.size();
  }

  private void stream(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    Long after = lastEventId(ctx);
    if (ctx.get(Http.HEAD) != null) {
      ctx.response().putHeader("Content-Type", "text/event-stream; charset=utf-8").end();
      return;
    }
    long from = after == null ? readModel.state().cursor() : after;
    SseStream[] self = new SseStream[1];
    SseStream stream = new SseStream(ctx.request(), session.userId(), session.sessionId(), from, () -> forget(self[0]));
    self[0] = stream;
    stream.onSlow = metrics::slowSocketClosed;
    open.add(stream);
    byUser.computeIfAbsent(session.userId(), k -> new ArrayList<>(1)).add(stream);
    ctx.response().closeHandler(v -> stream.gone());
    ctx.response().exceptionHandler(err -> stream.gone());
    long retry = ThreadLocalRandom.current().nextLong(RETRY_MIN_MS, RETRY_MAX_MS);
    if (after == null) {
      stream.begin(retry);
      stream.caughtUp(List.of());
      return;
    }
    resume.after(after, session.userId()).onComplete(ar -> {
      if (stream.closed) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("a resume after {} could not read the log: {}", after, ar.cause().toString());
        stream.gone();
        Problems.send(ctx, Problems.unavailable("the log could not be read to resume after " + after + "; try again", 1));
        return;
      }
      stream.begin(retry);
      if (ar.result() instanceof Resume.Events events) {
        stream.caughtUp(events.messages());
      } else if (ar.result() instanceof Resume.Reset reset) {
        stream.reset(reset.cursor(), reset.reason());
      }
    });
  }

  /**
   * The cursor to resume after: {@code Last-Event-ID} (what a browser sends when it reconnects), else
   * {@code ?lastEventId=}; null for neither (live from now). Anything but a cursor (a whole number ≥ 0) is a 400.
   */
  private static Long lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    String value = header != null && !header.isBlank() ? header.trim() : ctx.request().getParam("lastEventId");
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!CURSOR.matcher(value).matches()) {
      throw Problems.badRequest("invalid-last-event-id", "Last-Event-ID (or lastEventId) must be the cursor of the last"
        + " event you saw, a whole number from 0; leave it out to start from now");
    }
    return Long.parseLong(value);
  }

  private void forget(SseStream stream) {
    open.remove(stream);
    List<SseStream> mine = byUser.get(stream.userId);
    if (mine != null) {
      mine.remove(stream);
      if (mine.isEmpty()) {
        byUser.remove(stream.userId);
      }
    }
  }

  private void push(Push push) {
    SseStream.Frame frame = null;
    for (String userId : push.audience()) {
      List<SseStream> mine = byUser.get(userId);
      if (mine == null) {
        continue;
      }
      if (frame == null) {
        frame = SseStream.frame(push.cursor(), push.action(), push.body());
      }
      for (SseStream s : List.copyOf(mine)) {
        s.push(frame);
      }
    }
  }

  /** A logged-out session's streams end on every node once the end of the session is folded there. */
  private void closeEnded() {
    State state = readModel.state();
    long ended = state.sessionsEnded();
    if (ended == sessionsEndedSeen) {
      return;
    }
    sessionsEndedSeen = ended;
    for (SseStream s : List.copyOf(open)) {
      if (state.sessionEnded(s.sessionId)) {
        s.end(4001, "signed out", false);
      }
    }
  }
}
