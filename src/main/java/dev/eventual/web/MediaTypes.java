package dev.eventual.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * What a request body may be, checked before anything reads it: a form only where a page without JavaScript posts one
 * ({@link FormPost}, URL-encoded, never multipart), never elsewhere, where a body handler would decode it (failing past
 * 1 KB); and a write under {@code /api} sends JSON in UTF-8 (a body of
 * another type, or of none, is a 415). SockJS's XHR transports post {@code text/plain} or nothing, and pass.
 */
final class MediaTypes {
  private MediaTypes() {
  }

  static void check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && form(type) && !(request.method() == HttpMethod.POST && FormPost.takesForms(request.path())
      && type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/x-www-form-urlencoded"))) {
      throw unsupported("forms are not accepted; send application/json");
    }
    if (request.path().startsWith("/api/") && request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      // HTTP/2 may send a body without Content-Length: a write with a type says it has one.
      if (type == null ? hasBody(request) : !json(type)) {
        throw unsupported("the body must be application/json in UTF-8" + (type == null ? "" : ", not " + type));
      }
    }
    ctx.next();
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.trim().equals("0");
  }

  private static boolean json(String type) {
    String[] parts = type.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].trim().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param[0].trim().equals("charset") && (param.length < 2 || !param[1].trim().replace("\"", "").equals("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  private static boolean form(String type) {
    String media = type.toLowerCase(Locale.ROOT).split(";")[0].trim();
    return media.equals("application/x-www-form-urlencoded") || media.startsWith("multipart/");
  }

  private static Problems.Problem unsupported(String detail) {
    return new Problems.Problem(415, "unsupported-media-type", "Unsupported media type", detail);
  }
}
