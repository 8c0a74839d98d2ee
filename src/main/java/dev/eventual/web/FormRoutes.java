package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.domain.Command;
import dev.eventual.domain.Field;
import dev.eventual.domain.Kind;
import dev.eventual.domain.Rejection;
import dev.eventual.readmodel.Outcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command forms of the pages without JavaScript. A post goes the API's way exactly: its fields read under its
 * kind's rules ({@link CommandApi#build}), its hidden key the command's Idempotency-Key (one per rendered form, so a
 * double submit or a reload is one command), handed to the {@link Dispatcher} and waited for as {@code Prefer:
 * wait=wait.maxSeconds} waits; then a 303 to the page that shows the result, or the page again with the reason in
 * words and the typed text kept.
 */
final class FormRoutes {
  private static final List<String> PATH_IDS = List.of("listId", "todoId", "userId");

  private final Dispatcher dispatcher;
  private final PageRoutes pages;
  private final Sessions sessions;
  private final long maxWaitMs;
  private final int maxBytes;

  FormRoutes(Dispatcher dispatcher, PageRoutes pages, Sessions sessions, long maxWaitMs, int maxBytes) {
    this.dispatcher = dispatcher;
    this.pages = pages;
    this.sessions = sessions;
    this.maxWaitMs = maxWaitMs;
    this.maxBytes = maxBytes;
  }

  void mount(Router router) {
    router.post("/lists").handler(ctx -> post(ctx, Kind.CREATE_LIST, "create"));
    router.post("/lists/:listId/name").handler(ctx -> post(ctx, Kind.RENAME_LIST, "rename"));
    router.post("/lists/:listId/delete").handler(ctx -> post(ctx, Kind.DELETE_LIST, "delete"));
    router.post("/lists/:listId/members").handler(ctx -> post(ctx, Kind.INVITE_MEMBER, "member"));
    router.post("/lists/:listId/invitation/accept").handler(ctx -> post(ctx, Kind.ACCEPT_INVITATION, "accept-" + ctx.pathParam("listId")));
    router.post("/lists/:listId/invitation/decline").handler(ctx -> post(ctx, Kind.DECLINE_INVITATION, "decline-" + ctx.pathParam("listId")));
    router.post("/lists/:listId/members/:userId/delete").handler(ctx -> post(ctx, Kind.REMOVE_MEMBER, "remove-" + ctx.pathParam("userId")));
    router.post("/lists/:listId/todos").handler(ctx -> post(ctx, Kind.ADD_TODO, "add"));
    router.post("/lists/:listId/todos/:todoId").handler(ctx -> post(ctx, Kind.UPDATE_TODO, "edit-" + ctx.pathParam("todoId")));
    router.post("/lists/:listId/todos/:todoId/delete").handler(ctx -> post(ctx, Kind.DELETE_TODO, "delete-" + ctx.pathParam("todoId")));
  }

  /** A form's key: one random UUID (version 4, as the API asks of an Idempotency-Key), or null. */
  static String key(String given) {
    String uuid = given == null ? null : Field.uuid(given.trim());
    return uuid != null && java.util.UUID.fromString(uuid).version() == 4 ? uuid : null;
  }

  private void post(RoutingContext ctx, Kind kind, String named) {
    Set<String> allowed = new HashSet<>(Set.of("token", "key"));
    kind.fields().stream().map(Field::name).filter(name -> !PATH_IDS.contains(name)).forEach(allowed::add);
    if (kind.versioned()) {
      allowed.add("version");
    }
    PageRoutes.signedIn(ctx, session -> FormPost.read(ctx, allowed, maxBytes).onComplete(read -> {
      if (read.failed()) {
        failed(ctx, session, kind, named, null, null, read.cause());
        return;
      }
      Map<String, String> fields = read.result();
      String form = kind == Kind.UPDATE_TODO && !fields.containsKey("text") ? "tick-" + ctx.pathParam("todoId") : named;
      String typed = fields.get(kind == Kind.INVITE_MEMBER ? "username" : kind.fields().stream().anyMatch(f -> f.name().equals("name")) ? "name" : "text");
      String key = key(fields.get("key"));
      Command command;
      JsonObject ids = new JsonObject();
      try {
        if (!FormPost.tokenHolds(ctx, sessions, fields.get("token"))) {
          throw AuthForms.stale();
        }
        if (key == null) {
          throw Problems.badRequest("malformed-idempotency-key", "this form has no valid key: reload the page and send it again");
        }
        command = CommandApi.build(kind, key, session.userId(), values(ctx, kind, fields), version(fields.get("version")), ids);
      } catch (Problems.Problem p) {
        failed(ctx, session, kind, form, typed, key, p);
        return;
      }
      dispatcher.submit(command, maxWaitMs).onComplete(ar -> {
        if (ar.failed()) {
          Problems.Problem p = Problems.classify(ar.cause());
          failed(ctx, session, kind, form, typed, p.status == 503 ? key : null, p);
        } else if (ar.result().isEmpty()) {
          PageRoutes.redirect(ctx, next(kind, ids, session) + "?pending=" + key);
        } else if (ar.result().get().status().equals("succeeded")) {
          PageRoutes.redirect(ctx, next(kind, ids, session));
        } else {
          Outcome o = ar.result().get();
          int status = o.status().equals("rejected") ? Rejection.statusOf(o.code()) : 500;
          page(ctx, session, kind, ids.getString("listId"), new PageRoutes.Failed(form, AuthForms.sentence(o.reason()), typed, null), status);
        }
      });
    }));
  }

  /** The command's fields: the ids from the path, the rest from the form ({@code true}/{@code false} for a yes or no). */
  private static Map<String, Object> values(RoutingContext ctx, Kind kind, Map<String, String> fields) {
    Map<String, Object> values = new HashMap<>();
    for (String name : PATH_IDS) {
      if (ctx.pathParam(name) != null) {
        String id = Field.uuid(ctx.pathParam(name));
        if (id == null) {
          throw Problems.notFound("no such " + name.replace("Id", ""));
        }
        values.put(name, id);
      }
    }
    for (Field f : kind.fields()) {
      String value = fields.get(f.name());
      if (value != null && !PATH_IDS.contains(f.name())) {
        values.put(f.name(), f.type() == Field.Type.BOOLEAN ? switch (value) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> value;
        } : value);
      }
    }
    return values;
  }

  private static Long version(String given) {
    if (given == null || given.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong(given);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw Problems.badRequest("wrong-type", "'version' must be a whole number >= 0");
  }

  /** Where a command that went through shows its result. */
  private static String next(Kind kind, JsonObject ids, Sessions.Session session) {
    boolean left = kind == Kind.REMOVE_MEMBER && session.userId().equals(ids.getString("userId"));
    return kind == Kind.DELETE_LIST || kind == Kind.DECLINE_INVITATION || left ? "/lists" : "/lists/" + ids.getString("listId");
  }

  private void failed(RoutingContext ctx, Sessions.Session session, Kind kind, String form, String typed, String key, Throwable err) {
    Problems.Problem p = Problems.classify(err);
    page(ctx, session, kind, ctx.pathParam("listId"), new PageRoutes.Failed(form, AuthForms.sentence(p.getMessage()), typed, key), p.status);
  }

  private void page(RoutingContext ctx, Sessions.Session session, Kind kind, String listId, PageRoutes.Failed failed, int status) {
    if (kind == Kind.CREATE_LIST || kind == Kind.ACCEPT_INVITATION || kind == Kind.DECLINE_INVITATION || listId == null) {
      pages.listsPage(ctx, session, failed, status);
    } else {
      pages.listPage(ctx, session, listId, failed, status);
    }
  }
}
