package dev.eventual.web;

import dev.eventual.readmodel.Outcome;
import dev.eventual.readmodel.State;
import dev.eventual.readmodel.User;
import dev.eventual.auth.Auth;
import dev.eventual.auth.Passwords;
import dev.eventual.auth.Sessions;
import dev.eventual.auth.SignupLimiter;
import dev.eventual.config.Settings;
import dev.eventual.domain.Command;
import dev.eventual.domain.Ids;
import dev.eventual.domain.Kind;
import dev.eventual.domain.Rejection;
import dev.eventual.readmodel.ReadModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/** Sign-up (a command like any other, waited for), sign-in, sign-out and who-am-I. */
final class AuthApi {
  private final Vertx vertx;
  private final ReadModel readModel;
  private final Auth auth;
  private final Dispatcher dispatcher;
  private final int pbkdf2Iterations;
  private final long maxWaitMs;
  private final String decoy;
  /** Sign-up hashes here, so a burst of them waits its turn without taking the threads sign-in verifies on. */
  private final WorkerExecutor signupHashing;

  AuthApi(Vertx vertx, Settings settings, ReadModel readModel, Auth auth, Dispatcher dispatcher) {
    this.vertx = vertx;
    this.readModel = readModel;
    this.auth = auth;
    this.dispatcher = dispatcher;
    this.pbkdf2Iterations = settings.auth().pbkdf2Iterations();
    this.maxWaitMs = settings.waiting().maxSeconds() * 1000L;
    this.decoy = Passwords.decoy(pbkdf2Iterations);
    this.signupHashing = vertx.createSharedWorkerExecutor("eventual-signup-hashing", SignupLimiter.HASH_THREADS);
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
   * Every sign-up counts against its address and costs one hash before it is answered, also for a taken name.
   */
  private void signup(RoutingContext ctx) {
    Input in = Input.of(ctx.body().buffer(), "username", "password");
    String username = (String) in.read(Kind.SIGN_UP.field("username"));
    String password = in.password("password");
    String key = ctx.request().getHeader("Idempotency-Key");
    String commandId = key == null ? UUID.randomUUID().toString() : Http.idempotencyKey(ctx);
    signUp(ctx.request().remoteAddress().hostAddress(), commandId, username, password).onComplete(ar -> {
      if (ar.failed()) {
        Problems.send(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        Http.json(ctx, 202, new JsonObject().put("commandId", commandId).put("status", "accepted"));
      } else {
        signIn(ctx, 201, ar.result().get());
      }
    });
  }

  /**
   * A sign-up, for the API and the page's form alike: the user once the outcome is folded, empty when it is not within
   * {@code wait.maxSeconds}; a {@link Problems.Problem} when refused (taken, a twin, too many, the key reused).
   */
  Future<Optional<User>> signUp(String address, String commandId, String username, String password) {
    String userId = Ids.userId(commandId);
    try {
      dispatcher.checkKey(commandId, userId, Kind.SIGN_UP);
    } catch (Problems.Problem p) {
      return Future.failedFuture(p);
    }
    long wait = auth.signups().tryAcquire(address, System.currentTimeMillis());
    if (wait > 0) {
      return Future.failedFuture(new Problems.Problem(429, "too-many-signups", "Too many sign-ups",
        "too many sign-ups from this address; try again later").with("retryAfter", wait));
    }
    Optional<Outcome> decided = readModel.state().outcome(commandId);
    if (decided.isPresent()) {
      return signedUp(commandId, username, password, null, decided);
    }
    return hash(() -> Passwords.hash(password, pbkdf2Iterations))
      .compose(credential -> {
        State state = readModel.state();
        Optional<String> twin = state.userLookingLike(username).map(User::username).filter(name -> !name.equals(username));
        if (state.userByName(username).isPresent() || twin.isPresent()) {
          return Future.failedFuture(new Problems.Problem(409, Rejection.USERNAME_TAKEN.code(), "Username taken", "username '"
            + username + "' " + twin.map(name -> "looks like '" + name + "', which is taken").orElse("is taken")));
        }
        return dispatcher.submit(new Command(commandId, Kind.SIGN_UP, userId, null, null, new Kind.SignUp(username, credential)),
          maxWaitMs).compose(outcome -> signedUp(commandId, username, password, credential, outcome));
      });
  }

  /** Runs sign-up's hashing on its pool, or fails with 503 when too many already wait for it. */
  private <T> Future<T> hash(Callable<T> work) {
    SignupLimiter signups = auth.signups();
    if (!signups.enter()) {
      return Future.failedFuture(Problems.unavailable("too many sign-ups at once; try again in a moment", 2));
    }
    return signupHashing.executeBlocking(work, false).onComplete(ar -> signups.leave());
  }

  /** The user a sign-up's outcome made; {@code credential} is this request's hash, or null when it made none. */
  private Future<Optional<User>> signedUp(String commandId, String username, String password, String credential,
                                          Optional<Outcome> outcome) {
    if (outcome.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    String userId = Ids.userId(commandId);
    Outcome o = outcome.get();
    if (!o.commandType().equals(Kind.SIGN_UP.type()) || !userId.equals(o.actor())) {
      return Future.failedFuture(Dispatcher.reused());
    } else if (!o.status().equals("succeeded")) {
      return Future.failedFuture(new Problems.Problem(Rejection.statusOf(o.code()), o.code(), "Sign-up " + o.status(), o.reason()));
    }
    Optional<User> user = readModel.state().user(userId).filter(u -> u.username().equals(username));
    if (user.isEmpty()) {
      return Future.failedFuture(Dispatcher.reused());
    } else if (user.get().credential().equals(credential)) {
      return Future.succeededFuture(user);
    }
    return hash(() -> Passwords.verify(password, user.get().credential()))
      .compose(same -> same ? Future.succeededFuture(user) : Future.failedFuture(Dispatcher.reused()));
  }

  private void login(RoutingContext ctx) {
    Input in = Input.of(ctx.body().buffer(), "username", "password");
    logIn(ctx.request().remoteAddress().hostAddress(), in.string("username", 64), in.string("password", 256))
      .onSuccess(user -> signIn(ctx, 200, user)).onFailure(err -> Problems.send(ctx, err));
  }

  /** A sign-in, for the API and the page's form alike: the user, or a 401 (unknown or wrong alike), or a 429. */
  Future<User> logIn(String address, String username, String password) {
    long at = System.currentTimeMillis();
    long wait = auth.logins().tryAcquire(username, address, at);
    if (wait > 0) {
      return Future.failedFuture(new Problems.Problem(429, "too-many-logins", "Too many login attempts",
        "too many failed logins for this username or from this address; try again later").with("retryAfter", wait));
    }
    Optional<User> user = readModel.state().userByName(username);
    String credential = user.map(User::credential).orElse(decoy);
    return vertx.executeBlocking(() -> Passwords.verify(password, credential), false).transform(ar -> {
      if (ar.succeeded() && ar.result() && user.isPresent()) {
        auth.logins().succeeded(username, address, at);
        return Future.succeededFuture(user.get());
      }
      return Future.failedFuture(Problems.unauthorized("unknown username or wrong password"));
    });
  }

  private void signIn(RoutingContext ctx, int status, User user) {
    startSession(ctx, user);
    Http.json(ctx, status, new JsonObject().put("userId", user.userId()).put("username", user.username()));
  }

  /** A new session for {@code user}, its cookie on the answer. */
  void startSession(RoutingContext ctx, User user) {
    Sessions sessions = auth.sessions();
    Sessions.Session session = sessions.issue(user.userId(), user.username(), readModel.state().cursor());
    ctx.response().addCookie(sessions.cookie(session, Http.secure(ctx)));
  }

  /**
   * Ends this session on every node: a command like any other, whose event every node folds into the sessions it
   * refuses (and whose sockets it closes). 204 once this node has folded it; 202 if that takes longer than
   * {@code wait.maxSeconds}; 503 if RabbitMQ would not take it (nothing ended; the cookie stays, retry). Without a
   * session that holds, there is nothing to end: 204.
   */
  private void logout(RoutingContext ctx) {
    Sessions.Session session = ctx.get(Http.SESSION);
    boolean secure = Http.secure(ctx);
    if (session == null && ctx.get(Http.AMBIGUOUS) != null) {
      // Clearing our cookie could leave the planted one: the caller would be signed in as whoever planted it.
      throw Http.ambiguous();
    }
    if (session == null) {
      ctx.response().addCookie(Sessions.expired(secure)).setStatusCode(204).end();
      return;
    }
    endSession(session).onComplete(ar -> {
      if (ar.failed()) {
        Problems.send(ctx, ar.cause());
        return;
      }
      ctx.response().addCookie(Sessions.expired(secure));
      if (ar.result().isEmpty()) {
        Http.json(ctx, 202, new JsonObject().put("commandId", Ids.sessionEndId(session.sessionId())).put("status", "accepted"));
      } else {
        ctx.response().setStatusCode(204).end();
      }
    });
  }

  /** Ends {@code session} everywhere: its outcome once folded here, empty when that takes longer than the wait. */
  Future<Optional<Outcome>> endSession(Sessions.Session session) {
    return dispatcher.submit(new Command(Ids.sessionEndId(session.sessionId()), Kind.END_SESSION, session.userId(), null,
      null, new Kind.EndSession(session.sessionId(), session.expiresAt())), maxWaitMs);
  }

  private void me(RoutingContext ctx) {
    Sessions.Session session = Http.session(ctx);
    Http.json(ctx, 200, new JsonObject().put("userId", session.userId()).put("username", session.username()));
  }
}
