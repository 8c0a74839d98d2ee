package dev.eventual.web;

import dev.eventual.config.Settings;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetServerImpl;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deadlines and caps for the node's HTTP connections, so that slow or idle clients cannot hold them all.
 *
 * <ul>
 *   <li>A new connection has {@code http.requestTimeoutSeconds} to say what it is (the server's idle timeout until
 *   then); after that, {@code http.idleTimeoutSeconds} without a byte either way — more than SockJS's 25 s heartbeat
 *   and the bridge's ping timeout, so a healthy socket is never cut.</li>
 *   <li>An HTTP/1.x request must arrive whole within {@code http.requestTimeoutSeconds} of its first byte, however
 *   slowly its bytes trickle in; between requests a connection may wait for the idle timeout.</li>
 *   <li>At most {@code http.maxConnections} open connections, {@code http.maxConnectionsPerAddress} from one address,
 *   counted for the whole node; one past either is answered 503 and closed at once.</li>
 * </ul>
 * The clock watches the netty pipeline of each connection, and a sweep the channels Vert.x has accepted but not yet
 * handed over (internals of Vert.x 5.0, as the socket bridge's are): Vert.x offers no request deadline. A
 * connection is counted once Vert.x hands it over: at its first request head, or its HTTP/2 preface.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("eventual.connection.counted");
  private static final AttributeKey<Long> SEEN = AttributeKey.valueOf("eventual.connection.seen");
  private static final String DECODER = "httpDecoder";
  private static final String REFUSED_BODY = "{\"type\":\"/problems/too-many-connections\",\"title\":\"Service unavailable\","
    + "\"status\":503,\"detail\":\"too many open connections; retry later\"}";
  private static final byte[] REFUSED = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
    + "Retry-After: 5\r\nConnection: close\r\nContent-Length: " + REFUSED_BODY.length() + "\r\n\r\n" + REFUSED_BODY)
    .getBytes(StandardCharsets.US_ASCII);

  /** The node's counts, shared by its HTTP verticle instances. */
  private static final class Counts implements Shareable {
    final AtomicInteger open = new AtomicInteger();
    final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    volatile long warnedAt;
  }

  private final Counts counts;
  private final int idleSeconds;
  private final int requestSeconds;
  private final int max;
  private final int maxPerAddress;

  ConnectionGuard(Vertx vertx, Settings settings) {
    this.counts = (Counts) vertx.sharedData().<String, Object>getLocalMap("eventual.http")
      .computeIfAbsent("connections", k -> new Counts());
    this.idleSeconds = settings.http().idleTimeoutSeconds();
    this.requestSeconds = settings.http().requestTimeoutSeconds();
    this.max = settings.http().maxConnections() > 0 ? settings.http().maxConnections() : fromFileLimit();
    this.maxPerAddress = settings.http().maxConnectionsPerAddress() > 0 ? settings.http().maxConnectionsPerAddress() : Integer.MAX_VALUE;
  }

  /** Until a connection says what it is, the short deadline is its idle timeout. */
  HttpServerOptions options(HttpServerOptions options) {
    return options.setIdleTimeout(requestSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /**
   * Puts the connections of {@code server} that have not said what they are yet on the clock: Vert.x tells of an
   * HTTP/1.x connection only once its first request head is whole, so a slowloris trickling that head would be
   * invisible. A sweep (each second, or a quarter of the timeout) closes those older than the request timeout, from
   * the channel group Vert.x keeps of every accepted connection.
   */
  void watch(Vertx vertx, HttpServer server) {
    ChannelGroup channels;
    try {
      Field tcp = HttpServerImpl.class.getDeclaredField("tcpServer");
      tcp.setAccessible(true);
      Field group = NetServerImpl.class.getDeclaredField("channelGroup");
      group.setAccessible(true);
      channels = (ChannelGroup) group.get(tcp.get(server));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot watch new HTTP connections ({}): a first request has no deadline but the idle timeout", e.toString());
      return;
    }
    long timeoutMs = requestSeconds * 1000L;
    vertx.setPeriodic(Math.max(100, Math.min(1000, timeoutMs / 4)), id -> {
      long now = System.nanoTime();
      for (Channel channel : channels) {
        if (!channel.hasAttr(COUNTED)) {
          Long seen = channel.attr(SEEN).setIfAbsent(now);
          if (seen != null && now - seen >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
            counts.timedOut.incrementAndGet();
            channel.close();
          }
        }
      }
    });
  }

  JsonObject toJson() {
    return new JsonObject().put("open", counts.open.get()).put("max", max).put("refused", counts.refused.get())
      .put("timedOut", counts.timedOut.get());
  }

  /** The server's connection handler: counts, refuses, or puts the connection on the clock. */
  void connected(HttpConnection connection) {
    Channel channel = ((ConnectionBase) connection).channel();
    if (channel.attr(COUNTED).setIfAbsent(Boolean.TRUE) != null) {
      return; // the same TCP connection again, upgraded to h2c
    }
    String address = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    ChannelPipeline pipeline = channel.pipeline();
    boolean http1 = pipeline.get(DECODER) != null;
    if (!admit(address)) {
      refuse(channel, http1, address);
      return;
    }
    channel.closeFuture().addListener(f -> release(address));
    if (pipeline.get("idle") != null) {
      pipeline.replace("idle", "idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
    }
    if (http1) {
      // Vert.x tells of a connection once its first request head is read: the clock starts on that request.
      Clock clock = new Clock(channel, requestSeconds);
      pipeline.addBefore(DECODER, "eventual-request-bytes", clock.bytes);
      pipeline.addAfter(DECODER, "eventual-request-parts", clock.parts);
      clock.start();
    }
  }

  private boolean admit(String address) {
    int open = counts.open.incrementAndGet();
    int fromThere = counts.byAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    if (open <= max && fromThere <= maxPerAddress) {
      return true;
    }
    release(address);
    return false;
  }

  private void release(String address) {
    counts.open.decrementAndGet();
    counts.byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** One past a cap: an HTTP/1.x connection is told 503 (its request goes no further), any other just closed. */
  private void refuse(Channel channel, boolean http1, String address) {
    long refused = counts.refused.incrementAndGet();
    long now = System.currentTimeMillis();
    if (now - counts.warnedAt > 60_000) {
      counts.warnedAt = now;
      LOG.warn("refusing connections: {} open of {}, {} from {} (at most {}); {} refused so far", counts.open.get(), max,
        counts.byAddress.getOrDefault(address, new AtomicInteger()).get(), address, maxPerAddress, refused);
    }
    if (!http1) {
      channel.close();
      return;
    }
    // The request Vert.x has read is on its way to the router: it stops here, and the answer is written in front of
    // the HTTP encoder, as the bytes it would have made.
    channel.pipeline().addBefore("handler", "eventual-refused", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
      }
    });
    channel.pipeline().context(DECODER).writeAndFlush(Unpooled.wrappedBuffer(REFUSED)).addListener(ChannelFutureListener.CLOSE);
  }

  /** The process's open-file limit, less 512 (or a third of a small limit) for the broker, files and the JVM. */
  private static int fromFileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      long limit = os.getMaxFileDescriptorCount();
      return (int) Math.max(16, Math.min(Integer.MAX_VALUE, limit - Math.min(512, limit / 3)));
    }
    return 10_000;
  }

  /**
   * The request clock of one HTTP/1.x connection: started by the first byte of a request (seen before the decoder),
   * stopped by its last part (seen after it). Once the decoder is gone — a WebSocket or h2c upgrade — it steps out.
   */
  private final class Clock {
    final Channel channel;
    final long timeoutMs;
    ScheduledFuture<?> timer;
    final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.pipeline().get(DECODER) == null) {
          stop();
          ctx.pipeline().remove(this);
          if (ctx.pipeline().context(parts) != null) {
            ctx.pipeline().remove(parts);
          }
        } else if (timer == null) {
          start();
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
      }
    };
    final ChannelInboundHandlerAdapter parts = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
          stop();
        }
        ctx.fireChannelRead(msg);
      }
    };

    Clock(Channel channel, int timeoutSeconds) {
      this.channel = channel;
      this.timeoutMs = timeoutSeconds * 1000L;
    }

    void start() {
      timer = channel.eventLoop().schedule(this::expire, timeoutMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    void expire() {
      timer = null;
      counts.timedOut.incrementAndGet();
      LOG.debug("closing a connection of {}: no whole request within {} s", channel.remoteAddress(), timeoutMs / 1000);
      channel.close();
    }
  }
}
