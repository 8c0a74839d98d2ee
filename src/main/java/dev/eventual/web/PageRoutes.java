package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.domain.Field;
import dev.eventual.html.Html;
import dev.eventual.html.Views;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import dev.eventual.readmodel.TodoList;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pages without JavaScript, at the URLs the enhanced page uses too: {@code /signin}, {@code /signup}, {@code /lists}
 * and {@code /lists/{listId}}, each from this node's read model. A form that failed is drawn again in its page with
 * the reason in words and what was typed ({@link Failed}).
 */
final class PageRoutes {
  /** A form that did not go through: which one, why, what was typed, and the key to send it again with (null: a new one). */
  record Failed(String form, String message, String value, String key) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new HashMap<>();
      m.put("form", form);
      m.put("message", message);
      m.put("value", value);
      m.put("key", key);
      return m;
    }
  }

  private final ReadModel readModel;
  private final Html html;
  private final Sessions sessions;

  PageRoutes(ReadModel readModel, Html html, Sessions sessions) {
    this.readModel = readModel;
    this.html = html;
    this.sessions = sessions;
  }

  void mount(Router router) {
    router.get("/signin").handler(ctx -> signedOut(ctx, () -> authPage(ctx, "signin", null, 200)));
    router.get("/signup").handler(ctx -> signedOut(ctx, () -> authPage(ctx, "signup", null, 200)));
    router.get("/lists").handler(ctx -> signedIn(ctx, s -> listsPage(ctx, s, null, 200)));
    router.get("/lists/:listId").handler(ctx -> signedIn(ctx, s -> listPage(ctx, s, ctx.pathParam("listId"), null, 200)));
    // A form's own URL (where a refused post was drawn again), opened again or bookmarked: its list.
    router.getWithRegex("/lists/([^/]+)/.+").handler(ctx -> {
      String listId = Field.uuid(ctx.pathParam("param0"));
      if (listId == null) {
        throw Problems.notFound("no such list");
      }
      redirect(ctx, "/lists/" + listId);
    });
  }

  /** Signed in already: to the lists. */
  private void signedOut(RoutingContext ctx, Runnable page) {
    if (ctx.get(Http.SESSION) != null) {
      redirect(ctx, "/lists");
    } else {
      page.run();
    }
  }

  /** Not signed in (or the session ended): to the sign-in page. */
  static void signedIn(RoutingContext ctx, Consumer<Sessions.Session> page) {
    Sessions.Session session = ctx.get(Http.SESSION);
    if (session == null) {
      redirect(ctx, "/signin");
    } else {
      page.accept(session);
    }
  }

  /** Post/Redirect/Get: a 303, so a reload shows the result and does not post again. */
  static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader("Location", to).end();
  }

  void authPage(RoutingContext ctx, String mode, Failed failed, int status) {
    Map<String, Object> data = base(ctx, null, failed);
    data.put("mode", mode);
    render(ctx, "auth", mode.equals("signup") ? "Create an account" : "Sign in", data, status);
  }

  void listsPage(RoutingContext ctx, Sessions.Session session, Failed failed, int status) {
    Map<String, Object> data = base(ctx, session, failed);
    data.put("lists", Views.lists(readModel.state(), session.userId()));
    data.put("invitations", Views.invitations(readModel.state(), session.userId()));
    render(ctx, "lists", "Your lists", data, status);
  }

  /** The list, or the lists with "no such list" (404) when it is unknown, deleted or not the caller's. */
  void listPage(RoutingContext ctx, Sessions.Session session, String listId, Failed failed, int status) {
    State state = readModel.state();
    String id = Field.uuid(listId);
    Optional<TodoList> list = id == null ? Optional.empty() : state.list(id).filter(l -> l.isMember(session.userId()));
    if (list.isEmpty()) {
      listsPage(ctx, session, failed != null ? failed
        : new Failed("list", "There is no such list, or you are not one of its members.", null, null), 404);
      return;
    }
    Map<String, Object> data = base(ctx, session, failed);
    data.put("list", Views.list(state, list.get(), session.userId()));
    render(ctx, "list", list.get().name(), data, status);
  }

  private Map<String, Object> base(RoutingContext ctx, Sessions.Session session, Failed failed) {
    Map<String, Object> data = new HashMap<>();
    data.put("me", session == null ? null : session.username());
    data.put("token", FormPost.token(ctx, sessions));
    data.put("failed", failed == null ? null : failed.toMap());
    data.put("pending", ctx.request().getParam("pending") != null);
    return data;
  }

  private void render(RoutingContext ctx, String template, String title, Map<String, Object> data, int status) {
    html.render(template, title, data).onComplete(ar -> {
      if (ar.failed()) {
        Problems.send(ctx, ar.cause());
      } else if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(ar.result());
      }
    });
  }
}
