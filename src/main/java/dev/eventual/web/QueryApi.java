package dev.eventual.web;

import dev.eventual.readmodel.ListView;
import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.TodoList;
import dev.eventual.auth.Sessions;
import dev.eventual.domain.Field;
import dev.eventual.readmodel.Accepted;
import dev.eventual.eventlog.Resume;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import dev.eventual.trace.Hops;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** The queries: all answered from this node's read model, never from the broker. */
final class QueryApi {
  private static final long MIN_VERSION_WAIT_MS = 5_000;

  private final ReadModel readModel;
  private final Hops hops;
  /** Encoded list views by listId; a view cannot change within one version. Only this verticle's loop touches it. */
  private final java.util.Map<String, Encoded> views = new java.util.LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, Encoded> eldest) {
      return size() > 10_000;
    }
  };

  private record Encoded(long version, io.vertx.core.buffer.Buffer body) {
  }

  private final Resume resume;

  QueryApi(ReadModel readModel, Resume resume, Hops hops) {
    this.readModel = readModel;
    this.resume = resume;
    this.hops = hops;
  }

  void mount(Router router) {
    router.get("/api/lists").handler(this::lists);
    router.get("/api/lists/:listId").handler(this::list);
    router.get("/api/invitations").handler(this::invitations);
    router.get("/api/commands/:commandId").handler(this::command);
    router.get("/api/events").handler(this::events);
  }

  private void lists(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    JsonArray result = new JsonArray();
    State state = readModel.state();
    state.listsOf(session.userId()).forEach(list -> result.add(ListView.summary(state, list)));
    Http.json(ctx, 200, result);
  }

  /** The invitations waiting for the caller's answer: each list's id and name, who invited and when. */
  private void invitations(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    State state = readModel.state();
    JsonArray result = new JsonArray();
    state.invitationsOf(session.userId()).stream().sorted().forEach(listId -> state.list(listId)
      .filter(l -> !l.deleted() && l.invited(session.userId())).ifPresent(l -> {
        var invite = l.consent().pending().get(session.userId());
        result.add(new JsonObject().put("listId", l.listId()).put("name", l.name()).put("by", invite.by())
          .put("byName", state.usernameOf(invite.by())).put("at", invite.at()).put("version", invite.version()));
      }));
    Http.json(ctx, 200, result);
  }

  private void list(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String listId = Field.uuid(ctx.pathParam("listId"));
    long minVersion = minVersion(ctx);
    if (listId == null) {
      throw Problems.notFound("no such list");
    }
    long deadline = System.nanoTime() + MIN_VERSION_WAIT_MS * 1_000_000;
    readModel.reached(listId, minVersion, MIN_VERSION_WAIT_MS).onComplete(ar -> {
      boolean member = readModel.state().list(listId).filter(l -> l.isMember(session.userId())).isPresent();
      if (member && ar.succeeded()) {
        answerList(ctx, session, listId);
      } else if (member) {
        Problems.send(ctx, Problems.unavailable("this node's read model has not reached version " + minVersion + " yet", 1));
      } else if (minVersion <= 0) {
        Problems.send(ctx, Problems.notFound("no such list"));
      } else {
        // Not a member (yet: it may become one by the version it waits for): answered when the wait is over, as for a
        // list that does not exist, so neither the answer nor its time tells whether, or how far, the list exists.
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        ctx.vertx().setTimer(left, t -> Problems.send(ctx, Problems.notFound("no such list")));
      }
    });
  }

  private void answerList(RoutingContext ctx, Sessions.Session session, String listId) {
    Optional<TodoList> list = readModel.state().list(listId).filter(l -> l.isMember(session.userId()));
    if (list.isEmpty()) {
      throw Problems.notFound("no such list");
    }
    TodoList current = list.get();
    if (ListView.dependsOnViewer(current)) {
      Http.json(ctx, 200, ListView.of(readModel.state(), current, session.userId()));
      return;
    }
    Encoded encoded = views.get(listId);
    if (encoded == null || encoded.version() != current.version()) {
      // encode(), not toBuffer(): Jackson's byte writer escapes an emoji as a surrogate pair, 12 bytes for its 4.
      encoded = new Encoded(current.version(), Buffer.buffer(ListView.of(readModel.state(), current).encode()));
      views.put(listId, encoded);
    }
    ctx.response().putHeader("Content-Type", "application/json").end(encoded.body());
  }

  private void command(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = Field.uuid(ctx.pathParam("commandId"));
    if (commandId == null) {
      throw Problems.notFound("no such command (yet) on this node");
    }
    Optional<Outcome> outcome = readModel.state().outcome(commandId);
    Optional<Accepted.Entry> accepted = readModel.accepted().get(commandId).filter(e -> e.actor().equals(session.userId()));
    if (outcome.isPresent() && outcome.get().actor().equals(session.userId())) {
      Http.json(ctx, 200, traced(outcome.get().toJson()));
    } else if (accepted.isPresent() && outcome.isPresent()) {
      // This node accepted the caller's command with this key, and another node another user's: the other was kept.
      throw Dispatcher.reused();
    } else if (accepted.isPresent()) {
      Accepted.Entry e = accepted.get();
      Http.json(ctx, 200, traced(new JsonObject().put("commandId", e.commandId()).put("status", "accepted")
        .put("type", e.type()).put("listId", e.listId())));
    } else {
      throw Problems.notFound("no such command (yet) on this node");
    }
  }

  /** Adds the command's trace id and its hops' times (epoch ms), as far as this node saw them. */
  private JsonObject traced(JsonObject command) {
    JsonObject trace = hops.json(command.getString("commandId"));
    return trace == null ? command : command.mergeIn(trace);
  }

  private void events(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String after = ctx.request().getParam("after");
    long cursor;
    try {
      cursor = Long.parseLong(after == null ? "" : after);
    } catch (NumberFormatException e) {
      cursor = Long.MIN_VALUE;
    }
    if (cursor < -1) {
      throw Problems.badRequest("invalid-parameter", "'after' must be the cursor of the last event you saw (a whole number, -1 for all kept)");
    }
    long from = cursor;
    if (from > readModel.state().cursor()) {
      // What the page asks to learn the cursor now (after=MAX_SAFE_INTEGER), and a node a little behind another: what
      // it has not folded yet it pushes once folded.
      Http.json(ctx, 200, new JsonObject().put("events", new JsonArray()).put("cursor", readModel.state().cursor()));
      return;
    }
    resume.after(from, session.userId()).onComplete(ar -> {
      if (ar.failed()) {
        Problems.send(ctx, Problems.unavailable("the log could not be read to resume after " + from + "; try again", 1));
      } else if (ar.result() instanceof Resume.Events events) {
        Http.json(ctx, 200, new JsonObject().put("events", new JsonArray(events.messages())).put("cursor", events.cursor()));
      } else if (ar.result() instanceof Resume.Reset reset) {
        Problems.send(ctx, new Problems.Problem(410, "gone", "Events no longer kept", reset.reason() + "; reload your state,"
          + " then go on after cursor " + reset.cursor()).with("cursor", reset.cursor()));
      }
    });
  }

  private static long minVersion(RoutingContext ctx) {
    String value = ctx.request().getParam("minVersion");
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Problems.badRequest("invalid-parameter", "'minVersion' must be a whole number");
    }
  }
}
