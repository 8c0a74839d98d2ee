package dev.eventual.socket;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sockjs-client's XHR transports, where a socket is a session id in the path ({@code /eventbus/<server>/<id>/xhr},
 * {@code …/xhr_streaming}, {@code …/xhr_send}) and SockJS serves any request that names it. Each request must carry
 * the session of the user who opened it, or it is refused (403) before SockJS sees it. The owners are kept for the
 * open XHR sockets of all of the node's HTTP instances, which share SockJS's sessions.
 */
final class XhrGuard {
  private static final String RECEIVE = "/eventbus/[^/.]+/([^/.]+)/xhr(?:_streaming)?";
  private static final String ANY = "/eventbus/[^/.]+/([^/.]+)/xhr(?:_send|_streaming)?";
  private static final Pattern SOCKET_URI = Pattern.compile("/([^/.]+)/xhr(?:_streaming)?(?:\\?.*)?$");

  private final LocalMap<String, String> owners;

  XhrGuard(Vertx vertx) {
    this.owners = vertx.sharedData().getLocalMap("eventual.sockjs.xhr-owners");
  }

  /** Mounts the checks; before SockJS, after the session handler. */
  void mount(Router router) {
    // Vert.x SockJS closes the connection after each poll (and each full stream) without saying so; a client that
    // keeps connections alive (Node's default agent) would send its next request on a dying one.
    router.postWithRegex(RECEIVE).handler(ctx -> {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.next();
    });
    router.postWithRegex(ANY).handler(this::sameUser);
  }

  /**
   * Notes whose a new SockJS socket is, if it is an XHR one; the returned action forgets it when the socket ends. A
   * session id nobody owns is left to SockJS: it opens a new session for whoever asks, or answers for a closed one.
   */
  Runnable opened(SockJSSocket socket, String userId) {
    Matcher m = SOCKET_URI.matcher(socket.uri());
    if (!m.find() || userId == null) {
      return () -> { };
    }
    String id = m.group(1);
    owners.put(id, userId);
    return () -> owners.remove(id, userId);
  }

  private void sameUser(RoutingContext ctx) {
    String owner = owners.get(ctx.pathParam("param0"));
    if (owner != null && !owner.equals(SocketOwner.userId(ctx.user()))) {
      ctx.fail(403);
      return;
    }
    ctx.next();
  }
}
