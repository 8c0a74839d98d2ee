package dev.eventual.web;

import dev.eventual.readmodel.ListView;
import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.TodoList;
import dev.eventual.auth.Sessions;
import dev.eventual.domain.Field;
import dev.eventual.readmodel.Accepted;
import dev.eventual.readmodel.EventWindow;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import dev.eventual.trace.Hops;
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

  QueryApi(ReadModel readModel, Hops hops) {
    this.readModel = readModel;
    this.hops = hops;
  }

  void mount(Router router) {
    router.get("/api/lists").handler(this::lists);
    router.get("/api/lists/:listId").handler(this::list);
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

  private void list(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String listId = Field.uuid(ctx.pathParam("listId"));
    long minVersion = minVersion(ctx);
    if (listId == null) {
      throw Problems.notFound("no such list");
    }
    readModel.reached(listId, minVersion, MIN_VERSION_WAIT_MS).onComplete(ar -> {
      if (ar.succeeded()) {
        answerList(ctx, session, listId);
      } else if (readModel.state().list(listId).filter(l -> l.isMember(session.userId())).isEmpty()) {
        Problems.send(ctx, Problems.notFound("no such list"));
      } else {
        Problems.send(ctx, Problems.unavailable("this node's read model has not reached version " + minVersion + " yet", 1));
      }
    });
  }

  private void answerList(RoutingContext ctx, Sessions.Session session, String listId) {
    Optional<TodoList> list = readModel.state().list(listId).filter(l -> l.isMember(session.userId()));
    if (list.isEmpty()) {
      throw Problems.notFound("no such list");
    }
    TodoList current = list.get();
    Encoded encoded = views.get(listId);
    if (encoded == null || encoded.version() != current.version()) {
      encoded = new Encoded(current.version(), ListView.of(readModel.state(), current).toBuffer());
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
    try {
      JsonArray events = new JsonArray(readModel.window().since(cursor, session.userId(), readModel.state()));
      Http.json(ctx, 200, new JsonObject().put("events", events).put("cursor", readModel.state().cursor()));
    } catch (EventWindow.Gone gone) {
      throw new Problems.Problem(410, "gone", "Events no longer kept", gone.getMessage() + "; reload your state");
    }
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
