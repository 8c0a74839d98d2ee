package dev.eventual.web;

import dev.eventual.Node;
import dev.eventual.auth.Passwords;
import dev.eventual.auth.Sessions;
import dev.eventual.domain.Command;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.domain.Rejection;
import dev.eventual.readmodel.State;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.UUID;

/** Sign-up (a command like any other, waited for), sign-in, sign-out and who-am-I. */
final class AuthApi {
  private final Vertx vertx;
  private final Node node;
  private final Dispatcher dispatcher;
  private final String decoy;

  AuthApi(Vertx vertx, Node node, Dispatcher dispatcher) {
    this.vertx = vertx;
    this.node = node;
    this.dispatcher = dispatcher;
    this.decoy = Passwords.decoy(node.settings().pbkdf2Iterations());
  }

  void mount(Router router) {
    router.post("/api/auth/signup").handler(this::signup);
    router.post("/api/auth/login").handler(this::login);
    router.post("/api/auth/logout").handler(this::logout);
    router.get("/api/me").handler(this::me);
  }

  /**
   * The Idempotency-Key is the sign-up's commandId, as for any command: a key another command used is a 422; a retry of
   * the same sign-up (same key, name and password) gets the same 201; the same key with another name or password is a 422.
   */
  private void signup(RoutingContext ctx) {
    Input in = Input.of(ctx.body().buffer(), "username", "password");
    String username = (String) in.read(Kind.SIGN_UP.field("username"));
    String password = in.password("password");
    String key = ctx.request().getHeader("Idempotency-Key");
    String commandId = key == null ? UUID.randomUUID().toString() : CommandApi.idempotencyKey(ctx);
    String userId = Ids.userId(commandId);
    dispatcher.checkKey(commandId, userId, Kind.SIGN_UP);
    Optional<State.Outcome> decided = node.readModel().state().outcome(commandId);
    if (decided.isPresent()) {
      signedUp(ctx, commandId, username, password, null, decided);
      return;
    }
    if (node.readModel().state().userByName(username).isPresent()) {
      throw new Problems.Problem(409, Rejection.USERNAME_TAKEN.code(), "Username taken", "username '" + username + "' is taken");
    }
    vertx.executeBlocking(() -> Passwords.hash(password, node.settings().pbkdf2Iterations()), false)
      .compose(credential -> dispatcher.submit(new Command(commandId, Kind.SIGN_UP, userId, null, null,
          new Kind.SignUp(username, credential)), node.settings().maxWaitSeconds() * 1000L)
        .onSuccess(outcome -> signedUp(ctx, commandId, username, password, credential, outcome)))
      .onFailure(err -> Problems.send(ctx, err));
  }

  /** Answers a sign-up from its outcome; {@code credential} is this request's hash, or null when it made none. */
  private void signedUp(RoutingContext ctx, String commandId, String username, String password, String credential,
                        Optional<State.Outcome> outcome) {
    if (outcome.isEmpty()) {
      ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("commandId", commandId).put("status", "accepted").encode());
      return;
    }
    String userId = Ids.userId(commandId);
    State.Outcome o = outcome.get();
    if (!o.commandType().equals(Kind.SIGN_UP.type()) || !userId.equals(o.actor())) {
      Problems.send(ctx, Dispatcher.keyReused());
    } else if (!o.status().equals("succeeded")) {
      Problems.send(ctx, new Problems.Problem(Rejection.statusOf(o.code()), o.code(), "Sign-up " + o.status(), o.reason()));
    } else {
      Optional<State.User> user = node.readModel().state().user(userId).filter(u -> u.username().equals(username));
      if (user.isEmpty()) {
        Problems.send(ctx, Dispatcher.keyReused());
      } else if (user.get().credential().equals(credential)) {
        signIn(ctx, 201, user.get());
      } else {
        vertx.executeBlocking(() -> Passwords.verify(password, user.get().credential()), false).onComplete(ar -> {
          if (ar.succeeded() && ar.result()) {
            signIn(ctx, 201, user.get());
          } else {
            Problems.send(ctx, Dispatcher.keyReused());
          }
        });
      }
    }
  }

  private void login(RoutingContext ctx) {
    Input in = Input.of(ctx.body().buffer(), "username", "password");
    String username = in.string("username", 64);
    String password = in.string("password", 256);
    long wait = node.auth().logins().tryAcquire(username, ctx.request().remoteAddress().hostAddress(), System.currentTimeMillis());
    if (wait > 0) {
      throw new Problems.Problem(429, "too-many-logins", "Too many login attempts", "too many login attempts; try again later")
        .with("retryAfter", wait);
    }
    Optional<State.User> user = node.readModel().state().userByName(username);
    String credential = user.map(State.User::credential).orElse(decoy);
    vertx.executeBlocking(() -> Passwords.verify(password, credential), false).onComplete(ar -> {
      if (ar.succeeded() && ar.result() && user.isPresent()) {
        signIn(ctx, 200, user.get());
      } else {
        Problems.send(ctx, Problems.unauthorized("unknown username or wrong password"));
      }
    });
  }

  private void signIn(RoutingContext ctx, int status, State.User user) {
    boolean secure = ctx.request().isSSL();
    ctx.response().addCookie(node.auth().sessions().cookie(new Sessions.Session(user.userId(), user.username()), secure));
    Http.json(ctx, status, new JsonObject().put("userId", user.userId()).put("username", user.username()));
  }

  private void logout(RoutingContext ctx) {
    ctx.response().addCookie(Sessions.expired()).setStatusCode(204).end();
  }

  private void me(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    Http.json(ctx, 200, new JsonObject().put("userId", session.userId()).put("username", session.username()));
  }
}
