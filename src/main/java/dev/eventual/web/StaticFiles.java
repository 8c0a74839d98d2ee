package dev.eventual.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's own files, under names that do not change between versions: a browser keeps them but asks each time
 * whether they changed ({@code Cache-Control: no-cache}, an ETag of their content, 304 when the same), so a redeploy
 * reaches a page on its next load, also through the service worker, which fetches through the browser's cache. Vert.x's
 * default, {@code public, immutable, max-age=86400}, had a browser run yesterday's code against today's server for a
 * day. Files under a versioned path (the webjars) are the ones that may be kept for good.
 */
final class StaticFiles implements Handler<RoutingContext> {
  static final String REVALIDATE = "no-cache";
  static final String FOREVER = "public, max-age=31536000, immutable";

  /** A file's ETag, kept while its size and time stay the same (a file edited in place gets a new one). */
  private record Tag(long size, long modified, String etag) {
  }

  private final String root;
  private final StaticHandler files;
  private final Map<String, Tag> tags = new ConcurrentHashMap<>();

  StaticFiles(String root) {
    this.root = root;
    this.files = StaticHandler.create(root).setCachingEnabled(false);
  }

  /** A versioned folder of files: kept for a year, never asked about again. */
  static Handler<RoutingContext> versioned(String root) {
    StaticHandler files = StaticHandler.create(root);
    return ctx -> {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, FOREVER);
      files.handle(ctx);
    };
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.endsWith("/")) {
      path += "index.html";
    }
    if (path.contains("%") || path.contains("/.")) { // no file of ours is named so: the static handler says 404
      files.handle(ctx);
      return;
    }
    String file = root + path;
    String key = path;
    Vertx vertx = ctx.vertx();
    ctx.request().pause();
    vertx.fileSystem().props(file).compose(props -> props.isRegularFile() ? etag(vertx, key, file, props) : Future.succeededFuture())
      .onComplete(ar -> {
        ctx.request().resume();
        String etag = ar.succeeded() ? ar.result() : null;
        if (etag != null) {
          ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE);
          if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            ctx.response().setStatusCode(304).end();
            return;
          }
        }
        files.handle(ctx);
      });
  }

  private Future<String> etag(Vertx vertx, String key, String file, FileProps props) {
    Tag known = tags.get(key);
    if (known != null && known.size() == props.size() && known.modified() == props.lastModifiedTime()) {
      return Future.succeededFuture(known.etag());
    }
    return vertx.fileSystem().readFile(file).map(content -> {
      // Weak: the server may compress what it sends, and the tag names the content, not the bytes on the wire.
      String etag = "W/\"" + digest(content) + "\"";
      tags.put(key, new Tag(props.size(), props.lastModifiedTime(), etag));
      return etag;
    });
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String bare = etag.substring(2);
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals(bare)) {
        return true;
      }
    }
    return false;
  }

  private static String digest(Buffer content) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
