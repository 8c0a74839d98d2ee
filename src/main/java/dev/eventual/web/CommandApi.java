package dev.eventual.web;

import dev.eventual.Node;
import dev.eventual.auth.Sessions;
import dev.eventual.domain.Command;
import dev.eventual.domain.CommandTypes;
import dev.eventual.domain.Ids;
import dev.eventual.domain.State;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** The command endpoints: each validates, then hands a {@link Command} to the {@link Dispatcher}. */
final class CommandApi {
  private static final int NAME_MAX = 200;
  private static final int TEXT_MAX = 500;

  private final Node node;
  private final Dispatcher dispatcher;

  CommandApi(Node node, Dispatcher dispatcher) {
    this.node = node;
    this.dispatcher = dispatcher;
  }

  void mount(Router router) {
    router.post("/api/lists").handler(this::createList);
    router.patch("/api/lists/:listId").handler(this::renameList);
    router.delete("/api/lists/:listId").handler(this::deleteList);
    router.post("/api/lists/:listId/members").handler(this::addMember);
    router.delete("/api/lists/:listId/members/:userId").handler(this::removeMember);
    router.post("/api/lists/:listId/todos").handler(this::addTodo);
    router.patch("/api/lists/:listId/todos/:todoId").handler(this::updateTodo);
    router.delete("/api/lists/:listId/todos/:todoId").handler(this::deleteTodo);
  }

  private void createList(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    Input in = Input.of(ctx.body().buffer(), "name");
    String listId = Ids.listId(commandId);
    Command c = new Command(commandId, CommandTypes.CREATE_LIST, session.userId(), listId,
      new JsonObject().put("name", in.text("name", NAME_MAX)), null);
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId), this::listView);
  }

  private void renameList(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    Input in = Input.of(ctx.body().buffer(), "name", "expectedVersion");
    Command c = new Command(commandId, CommandTypes.RENAME_LIST, session.userId(), listId,
      new JsonObject().put("name", in.text("name", NAME_MAX)), in.optionalVersion("expectedVersion"));
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId), this::listView);
  }

  private void deleteList(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    Long expected = optionalBody(ctx).optionalVersion("expectedVersion");
    Command c = new Command(commandId, CommandTypes.DELETE_LIST, session.userId(), listId, new JsonObject(), expected);
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId), State.Outcome::toJson);
  }

  private void addMember(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    Input in = Input.of(ctx.body().buffer(), "username", "expectedVersion");
    Command c = new Command(commandId, CommandTypes.ADD_MEMBER, session.userId(), listId,
      new JsonObject().put("username", in.username("username")), in.optionalVersion("expectedVersion"));
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId), this::listView);
  }

  private void removeMember(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    String userId = pathId(ctx, "userId");
    Long expected = optionalBody(ctx).optionalVersion("expectedVersion");
    Command c = new Command(commandId, CommandTypes.REMOVE_MEMBER, session.userId(), listId,
      new JsonObject().put("userId", userId), expected);
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId).put("userId", userId), State.Outcome::toJson);
  }

  private void addTodo(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    Input in = Input.of(ctx.body().buffer(), "text", "expectedVersion");
    String todoId = Ids.todoId(commandId);
    Command c = new Command(commandId, CommandTypes.ADD_TODO, session.userId(), listId,
      new JsonObject().put("text", in.text("text", TEXT_MAX)), in.optionalVersion("expectedVersion"));
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId).put("todoId", todoId), todoView(todoId));
  }

  private void updateTodo(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    String todoId = pathId(ctx, "todoId");
    Input in = Input.of(ctx.body().buffer(), "text", "completed", "expectedVersion");
    JsonObject fields = new JsonObject().put("todoId", todoId);
    String text = in.optionalText("text", TEXT_MAX);
    Boolean completed = in.optionalBoolean("completed");
    if (text == null && completed == null) {
      throw Problems.badRequest("missing-field", "send 'text', 'completed' or both");
    }
    if (text != null) {
      fields.put("text", text);
    }
    if (completed != null) {
      fields.put("completed", completed);
    }
    Command c = new Command(commandId, CommandTypes.UPDATE_TODO, session.userId(), listId, fields,
      in.optionalVersion("expectedVersion"));
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId).put("todoId", todoId), todoView(todoId));
  }

  private void deleteTodo(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    String commandId = idempotencyKey(ctx);
    String listId = pathId(ctx, "listId");
    String todoId = pathId(ctx, "todoId");
    Long expected = optionalBody(ctx).optionalVersion("expectedVersion");
    Command c = new Command(commandId, CommandTypes.DELETE_TODO, session.userId(), listId,
      new JsonObject().put("todoId", todoId), expected);
    dispatcher.accept(ctx, c, new JsonObject().put("listId", listId).put("todoId", todoId), State.Outcome::toJson);
  }

  private JsonObject listView(State.Outcome outcome) {
    return node.state().list(outcome.listId()).filter(l -> l.isMember(outcome.actor()))
      .map(node.state()::view).orElseGet(outcome::toJson);
  }

  private Function<State.Outcome, JsonObject> todoView(String todoId) {
    return outcome -> node.state().list(outcome.listId()).filter(l -> l.isMember(outcome.actor()))
      .map(l -> l.todos().get(todoId)).map(todo -> todo.toJson().put("listId", outcome.listId())
        .put("version", outcome.version())).orElseGet(outcome::toJson);
  }

  private static Input optionalBody(RoutingContext ctx) {
    return Input.optional(ctx.body().buffer(), "expectedVersion");
  }

  static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      throw Problems.badRequest("missing-idempotency-key", "send an Idempotency-Key header with a UUID; reuse it on every retry");
    }
    String uuid = Input.uuid(key.trim());
    if (uuid == null || ctx.request().headers().getAll("Idempotency-Key").size() > 1) {
      throw Problems.badRequest("malformed-idempotency-key", "Idempotency-Key must be exactly one UUID");
    }
    return uuid;
  }

  private static String pathId(RoutingContext ctx, String name) {
    String uuid = Input.uuid(ctx.pathParam(name));
    if (uuid == null) {
      throw Problems.notFound("no such " + name.replace("Id", ""));
    }
    return uuid;
  }
}
