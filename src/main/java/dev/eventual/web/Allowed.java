package dev.eventual.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The methods a path has, for the {@code Allow} header of a 405, read from the router's own routes. A route without
 * a path (the static files' GET) counts only where no route with a path matches, so an API resource lists its own
 * methods, not the file server's. HEAD goes with GET, as every GET answers HEAD.
 */
final class Allowed {
  private enum Method { GET, HEAD, POST, PUT, PATCH, DELETE }

  private record Entry(Pattern path, Set<HttpMethod> methods) {
  }

  private static final Pattern PARAM = Pattern.compile(":[A-Za-z0-9_]+");

  private final List<Entry> withPath = new ArrayList<>();
  private final List<Entry> anyPath = new ArrayList<>();

  /** Reads {@code router}'s routes as they are now: call it once every route is mounted. */
  Allowed(Router router) {
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty() || route.getPath() == null && route.isRegexPath()) {
        continue;
      }
      if (route.getPath() == null) {
        anyPath.add(new Entry(null, methods));
      } else {
        withPath.add(new Entry(pattern(route.getPath()), methods));
      }
    }
  }

  /** {@code GET, HEAD, POST}: the methods {@code path} has, in a fixed order. */
  String of(String path) {
    Set<String> names = matching(withPath, path);
    if (names.isEmpty()) {
      names = matching(anyPath, path);
    }
    if (names.contains("GET")) {
      names.add("HEAD");
    }
    return EnumSet.allOf(Method.class).stream().map(Enum::name).filter(names::contains).collect(Collectors.joining(", "));
  }

  private static Set<String> matching(List<Entry> entries, String path) {
    return entries.stream().filter(e -> e.path() == null || e.path().matcher(path).matches())
      .flatMap(e -> e.methods().stream()).map(HttpMethod::name).collect(Collectors.toSet());
  }

  /** Vert.x keeps "/a/*" as the prefix "/a/"; ":name" is one path segment. */
  private static Pattern pattern(String path) {
    StringBuilder regex = new StringBuilder();
    var m = PARAM.matcher(path);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(path.substring(at, m.start()))).append("[^/]+");
      at = m.end();
    }
    regex.append(Pattern.quote(path.substring(at)));
    return Pattern.compile(regex + (path.endsWith("/") ? ".*" : "/?"));
  }
}
