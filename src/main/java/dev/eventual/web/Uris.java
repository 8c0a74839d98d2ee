package dev.eventual.web;

import io.vertx.ext.web.RoutingContext;

/**
 * A request target is checked before any route reads it: Vert.x decodes the path while matching routes and the query
 * when a handler first asks, and a bad escape there ({@code /x%zz}) was a plain-text 400 with a stack trace in the log,
 * or a 500 from a handler. Here it is one problem, before anything decodes it.
 */
final class Uris {
  private Uris() {
  }

  static void check(RoutingContext ctx) {
    if (!wellEncoded(ctx.request().uri())) {
      throw Problems.badRequest("bad-uri", "the path or query is not valid percent-encoding: each '%' must start"
        + " an escape of two hex digits, as in %20");
    }
    ctx.next();
  }

  static boolean wellEncoded(String uri) {
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 3)) {
      if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
