package dev.eventual.web;

import dev.eventual.readmodel.ListView;
import dev.eventual.readmodel.Outcome;
import dev.eventual.auth.CommandRate;
import dev.eventual.auth.Sessions;
import dev.eventual.domain.Command;
import dev.eventual.domain.Creates;
import dev.eventual.domain.Field;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command endpoints, one per row of {@link Kind} that has a route: each reads the path and the body under its
 * kind's fields and limits, then hands a {@link Command} to the {@link Dispatcher}.
 */
final class CommandApi {
  private static final Pattern PARAM = Pattern.compile(":(\\w+)");

  private final ReadModel readModel;
  private final Dispatcher dispatcher;
  private final CommandRate rate;

  CommandApi(ReadModel readModel, Dispatcher dispatcher, CommandRate rate) {
    this.readModel = readModel;
    this.dispatcher = dispatcher;
    this.rate = rate;
  }

  void mount(Router router) {
    for (Kind kind : Kind.values()) {
      if (kind.route() != null) {
        String[] route = kind.route().split(" ", 2);
        router.route(HttpMethod.valueOf(route[0]), route[1]).handler(ctx -> command(ctx, kind, params(route[1])));
      }
    }
  }

  private static List<String> params(String path) {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private void command(RoutingContext ctx, Kind kind, List<String> pathParams) {
    Sessions.Session session = Http.session(ctx);
    long wait = rate.tryAcquire(session.userId(), System.nanoTime());
    if (wait > 0) {
      throw new Problems.Problem(429, "too-many-commands", "Too many commands",
        "you sent more commands than this node takes from one person (limits.commandsPerSecond = " + rate.perSecond()
          + ", limits.commandBurst = " + rate.burst() + "); nothing of this one was done: send it again in " + wait + " s")
        .with("retryAfter", wait);
    }
    String commandId = Http.idempotencyKey(ctx);
    Map<String, Object> values = new HashMap<>();
    JsonObject ids = new JsonObject();
    for (String name : pathParams) {
      String id = Field.uuid(ctx.pathParam(name));
      if (id == null) {
        throw Problems.notFound("no such " + name.replace("Id", ""));
      }
      values.put(name, id);
      ids.put(name, id);
    }
    List<String> bodyFields = new ArrayList<>();
    kind.fields().stream().map(Field::name).filter(name -> !pathParams.contains(name)).forEach(bodyFields::add);
    if (kind.versioned()) {
      bodyFields.add("expectedVersion");
    }
    // A kind whose fields all come from the path (a delete) may come without a body.
    boolean bodyless = pathParams.containsAll(kind.fields().stream().map(Field::name).toList());
    Input in = bodyless ? Input.optional(ctx.body().buffer(), bodyFields) : Input.of(ctx.body().buffer(), bodyFields);
    bodyFields.stream().filter(name -> !name.equals("expectedVersion")).forEach(name -> values.put(name, in.value(name)));
    Long expected = kind.versioned() ? in.optionalVersion("expectedVersion") : null;
    Command c = build(kind, commandId, session.userId(), values, expected, ids);
    dispatcher.accept(ctx, c, ids, resource(kind, ids.getString("todoId")));
  }

  /**
   * The command {@code values} make under its kind's rules — the one reading of a command's fields, for the API and the
   * page's forms alike: a 400 (or 422 for an invisible text) when one breaks them. {@code ids} gets the ids it names.
   */
  static Command build(Kind kind, String commandId, String actor, Map<String, Object> values, Long expected, JsonObject ids) {
    Kind.Body body;
    try {
      body = kind.body(values);
    } catch (Field.Invalid e) {
      throw Problems.invalid(e);
    }
    Map<String, Object> fields = kind.map(body);
    kind.fields().stream().filter(f -> f.type() == Field.Type.ID).forEach(f -> ids.put(f.name(), fields.get(f.name())));
    String listId = kind.creates() == Creates.LIST ? Ids.listId(commandId) : (String) values.get("listId");
    ids.put("listId", listId);
    if (kind.creates() == Creates.TODO) {
      ids.put("todoId", Ids.todoId(commandId));
    }
    return new Command(commandId, kind, actor, listId, expected, body);
  }

  /** What {@code Prefer: wait} answers with once the command succeeded: the list, the todo, or the outcome. */
  private Function<Outcome, JsonObject> resource(Kind kind, String todoId) {
    if (kind.route().startsWith("DELETE") || kind.saga() == Kind.Saga.OPENS) { // gone from here, or a saga's end
      return Outcome::toJson;
    }
    return todoId != null ? todoView(todoId) : this::listView;
  }

  private JsonObject listView(Outcome outcome) {
    State state = readModel.state();
    return state.list(outcome.listId()).filter(l -> l.isMember(outcome.actor()))
      .map(l -> ListView.of(state, l, outcome.actor())).orElseGet(outcome::toJson);
  }

  private Function<Outcome, JsonObject> todoView(String todoId) {
    return outcome -> readModel.state().list(outcome.listId()).filter(l -> l.isMember(outcome.actor()))
      .map(l -> l.todos().get(todoId)).map(todo -> ListView.todo(readModel.state(), todo, outcome.actor()).put("listId", outcome.listId())
        .put("version", outcome.version())).orElseGet(outcome::toJson);
  }
}
