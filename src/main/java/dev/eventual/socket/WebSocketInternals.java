package dev.eventual.socket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Lets go of what a WebSocket's upgrade leaves behind. In Vert.x 5.0 the new connection's netty handler keeps the
 * function that created it, and through it the handshake, the upgrade request with its headers, and the HTTP
 * connection with its own 4 KB write queue: about 7 KB per open socket, for the life of the socket. The function
 * is used once, when the handler joins the pipeline, so it is cleared; and the request headers the WebSocket keeps
 * are emptied once the session has been read from them. If a later Vert.x changes these internals, this logs once
 * and sockets just cost more memory.
 */
final class WebSocketInternals {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketInternals.class);
  private static final String CHUNKED_WRITER = "chunkedWriter";
  private static volatile boolean warned;

  private WebSocketInternals() {
  }

  /**
   * Vert.x drops a WebSocket message that grows past the message limit in fragments, tells the exception handler, and
   * keeps the connection open; the peer would never learn. This is how that exception reads in Vert.x 5.0.
   */
  static boolean overLimit(Throwable err) {
    return err instanceof IllegalStateException && err.getMessage() != null
      && err.getMessage().contains("overflow max message size");
  }

  /**
   * Closes an upgraded connection with a WebSocket close frame: SockJS hides the socket it upgraded, and after an
   * exception it keeps the connection open without reading it.
   */
  static void refuse(HttpConnection http, short code, String reason) {
    try {
      Channel channel = ((ConnectionBase) http).channel();
      channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    } catch (RuntimeException e) {
      http.close();
    }
  }

  static void release(HttpConnection http, ServerWebSocket ws) {
    ws.headers().clear();
    try {
      ChannelPipeline pipeline = ((ConnectionBase) http).channel().pipeline();
      // HTTP compression leaves a chunked writer in the pipeline: every frame would queue through it for nothing.
      if (pipeline.get(CHUNKED_WRITER) != null) {
        pipeline.remove(CHUNKED_WRITER);
      }
      ChannelHandler handler = pipeline.get("handler");
      Field factory = handler.getClass().getDeclaredField("connectionFactory");
      factory.setAccessible(true);
      factory.set(handler, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn("cannot release WebSocket upgrade requests ({}): each socket keeps ~7 KB more heap", e.toString());
      }
    }
  }
}
