package dev.eventual.web;

import dev.eventual.auth.Sessions;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.readmodel.State;
import dev.eventual.socket.SocketBridge;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Who a request is: the session of its cookie, when it is signed, unexpired, not ended (logged out, on any node:
 * the end is an event in the log) and of a user this deployment knows. Anything else is no session, so a 401 where
 * one is needed. A node that has not yet read the log as far as the session's user was known (a cookie another node
 * made a moment ago) waits for it, up to {@link #CATCH_UP_MS}, before it decides.
 */
final class Identity {
  static final long CATCH_UP_MS = 5_000;

  private Identity() {
  }

  /** Puts the request's session on it, if it holds; then hands the request on. */
  static void resolve(RoutingContext ctx, Sessions sessions, ReadModel readModel) {
    Sessions.Presented presented = sessions.fromHeaders(ctx.request().headers(), Http.secure(ctx));
    Optional<Sessions.Session> signed = presented.session();
    if (signed.isEmpty()) {
      if (presented.ambiguous()) {
        ctx.put(Http.AMBIGUOUS, true);
      }
      ctx.next();
      return;
    }
    Sessions.Session session = signed.get();
    State state = readModel.state();
    if (state.user(session.userId()).isPresent() || state.cursor() >= session.knownAt()) {
      attach(ctx, state, session);
      ctx.next();
      return;
    }
    ctx.request().pause();
    readModel.user(session.userId(), CATCH_UP_MS).onComplete(ar -> {
      attach(ctx, readModel.state(), session);
      ctx.request().resume();
      ctx.next();
    });
  }

  private static void attach(RoutingContext ctx, State state, Sessions.Session session) {
    if (state.user(session.userId()).isPresent() && !state.sessionEnded(session.sessionId())) {
      ctx.put(Http.SESSION, session);
      SocketBridge.identify(ctx, session);
    }
  }
}
