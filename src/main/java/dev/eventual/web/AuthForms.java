package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.domain.Field;
import dev.eventual.readmodel.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;

/**
 * Signing up, in and out from the pages without JavaScript: the same steps as {@link AuthApi} (sign-up a command
 * waited for, with its key; the same limits; the same session cookie), then a 303 to the lists, or the form again
 * with the reason and the username kept (never the password).
 */
final class AuthForms {
  private final AuthApi auth;
  private final PageRoutes pages;
  private final Sessions sessions;
  private final int maxBytes;

  AuthForms(AuthApi auth, PageRoutes pages, Sessions sessions, int maxBytes) {
    this.auth = auth;
    this.pages = pages;
    this.sessions = sessions;
    this.maxBytes = maxBytes;
  }

  void mount(Router router) {
    router.post("/signin").handler(this::signIn);
    router.post("/signup").handler(this::signUp);
    router.post("/signout").handler(this::signOut);
  }

  private void signIn(RoutingContext ctx) {
    FormPost.read(ctx, Set.of("token", "username", "password"), maxBytes).onComplete(read -> {
      if (read.failed()) {
        failed(ctx, "signin", "", null, read.cause());
        return;
      }
      Map<String, String> form = read.result();
      String username = form.getOrDefault("username", "");
      if (!FormPost.tokenHolds(ctx, sessions, form.get("token"))) {
        failed(ctx, "signin", username, null, stale());
        return;
      }
      if (username.length() > 64 || form.getOrDefault("password", "").length() > 256) {
        // As the API reads them: no longer name is looked up, nor counted by the limits.
        failed(ctx, "signin", "", null, Problems.badRequest("invalid-field", "a username has at most 64 characters, a password 256"));
        return;
      }
      auth.logIn(ctx.request().remoteAddress().hostAddress(), username, form.getOrDefault("password", ""))
        .onSuccess(user -> signedIn(ctx, user))
        .onFailure(err -> failed(ctx, "signin", username, null, err));
    });
  }

  private void signUp(RoutingContext ctx) {
    FormPost.read(ctx, Set.of("token", "key", "username", "password"), maxBytes).onComplete(read -> {
      if (read.failed()) {
        failed(ctx, "signup", "", null, read.cause());
        return;
      }
      Map<String, String> form = read.result();
      String username = form.getOrDefault("username", "");
      String key = FormRoutes.key(form.get("key"));
      String password = form.getOrDefault("password", "");
      try {
        if (!FormPost.tokenHolds(ctx, sessions, form.get("token"))) {
          throw stale();
        }
        Field.username("username").read(username);
        if (key == null || password.length() < 8 || password.length() > 256) {
          throw Problems.badRequest("invalid-field", key == null ? "this form has no valid key: reload the page"
            : "the password must be 8 to 256 characters");
        }
      } catch (Field.Invalid e) {
        failed(ctx, "signup", username, key, Problems.invalid(e));
        return;
      } catch (Problems.Problem p) {
        failed(ctx, "signup", username, key, p);
        return;
      }
      auth.signUp(ctx.request().remoteAddress().hostAddress(), key, username, password).onComplete(ar -> {
        if (ar.failed()) {
          Problems.Problem p = Problems.classify(ar.cause());
          failed(ctx, "signup", username, p.status == 503 ? key : null, p);
        } else if (ar.result().isEmpty()) {
          pages.authPage(ctx, "signin", new PageRoutes.Failed("signin", "Your account is still being made: sign in in a moment.",
            username, null), 202);
        } else {
          signedIn(ctx, ar.result().get());
        }
      });
    });
  }

  private void signOut(RoutingContext ctx) {
    FormPost.read(ctx, Set.of("token"), maxBytes).onComplete(read -> {
      Sessions.Session session = ctx.get(Http.SESSION);
      if (session == null) {
        ctx.response().addCookie(Sessions.expired(Http.secure(ctx)));
        PageRoutes.redirect(ctx, "/signin");
      } else if (read.failed() || !FormPost.tokenHolds(ctx, sessions, read.result().get("token"))) {
        pages.listsPage(ctx, session, new PageRoutes.Failed("signout", stale().getMessage(), null, null), 403);
      } else {
        auth.endSession(session).onComplete(ar -> {
          if (ar.failed()) {
            Problems.Problem p = Problems.classify(ar.cause());
            pages.listsPage(ctx, session, new PageRoutes.Failed("signout", p.getMessage(), null, null), p.status);
          } else {
            ctx.response().addCookie(Sessions.expired(Http.secure(ctx)));
            PageRoutes.redirect(ctx, "/signin");
          }
        });
      }
    });
  }

  private void signedIn(RoutingContext ctx, User user) {
    auth.startSession(ctx, user);
    PageRoutes.redirect(ctx, "/lists");
  }

  private void failed(RoutingContext ctx, String mode, String username, String key, Throwable err) {
    Problems.Problem p = Problems.classify(err);
    pages.authPage(ctx, mode, new PageRoutes.Failed(mode, sentence(p.getMessage()), username, key), p.status);
  }

  /** The problem's detail as a sentence a person reads. */
  static String sentence(String detail) {
    return detail == null || detail.isEmpty() ? "That did not work." : Character.toUpperCase(detail.charAt(0)) + detail.substring(1)
      + (detail.endsWith(".") ? "" : ".");
  }

  /** A form whose token is not this browser's now: from an old page (signed in or out since), or from elsewhere. */
  static Problems.Problem stale() {
    return new Problems.Problem(403, "form-token", "Forbidden",
      "this form is from an older page (you signed in or out since) or from another site: nothing was done; check it and send it again");
  }
}
