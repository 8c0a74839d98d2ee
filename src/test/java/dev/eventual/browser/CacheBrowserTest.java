package dev.eventual.browser;

import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser keeps of Eventual, in Chromium with its service worker: a redeploy reaches a page that is open, one
 * person's lists are gone from the browser once another signs in there, and the page breaks none of its own policy.
 */
class CacheBrowserTest {
  /** Collects every CSP violation of a page from its first script on, in {@code window.__csp}. */
  private static final String WATCH_CSP = "window.__csp = []; document.addEventListener('securitypolicyviolation',"
    + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));";

  @Test
  @DisplayName("after a redeploy, reloading an open page (served by its service worker) runs the new code, every module of it")
  void redeployReachesAnOpenPage() throws Exception {
    String ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Path before = Files.createTempDirectory("eventual-v1-");
    Path after = Files.createTempDirectory("eventual-v2-");
    copy(Path.of("webroot"), before.resolve("webroot"));
    copy(Path.of("webroot"), after.resolve("webroot"));
    Files.writeString(after.resolve("webroot/js/app.js"), "\ndocument.documentElement.dataset.build = 'v2';\n", StandardOpenOption.APPEND);
    Files.writeString(after.resolve("webroot/js/dom.js"), "\nglobalThis.eventualDomBuild = 'v2';\n", StandardOpenOption.APPEND);
    int port = NodeProcess.freePort();
    NodeProcess v1 = NodeProcess.startIn(before, port, ns);
    try (Browser page = open(v1, port)) {
      page.until(d -> Boolean.TRUE.equals(page.js("return !!navigator.serviceWorker.controller")));
      page.driver.navigate().refresh();
      page.find("#auth-username");
      assertThat(page.js("return !!navigator.serviceWorker.controller")).as("the service worker serves the page").isEqualTo(true);
      assertThat(page.js("return document.documentElement.dataset.build ?? null")).isNull();
      v1.close();
      NodeProcess v2 = NodeProcess.startIn(after, port, ns);
      try {
        v2.awaitReady(60);
        page.driver.navigate().refresh();
        page.find("#auth-username");
        page.until(d -> "v2".equals(page.js("return document.documentElement.dataset.build ?? null")));
        assertThat(page.js("return globalThis.eventualDomBuild ?? null")).as("a module app.js imports is new too").isEqualTo("v2");
        assertThat(page.js("return !!navigator.serviceWorker.controller")).isEqualTo(true);
      } finally {
        v2.close();
      }
    } finally {
      v1.close();
      Namespace.delete(ns);
      delete(before);
      delete(after);
    }
  }

  @Test
  @DisplayName("signed out, and another person signed in on the same browser: offline, none of the first one's lists show or stay cached")
  void anotherPersonOfflineSeesNothingOfTheFirst() throws Exception {
    try (Backend backend = new Backend(new JsonObject()); Cable cable = new Cable(backend.port);
         Browser page = new Browser("shared", cable.url())) {
      watchCsp(page);
      page.signUp("ana");
      page.createList("ana secret plans");
      page.addTodo("surprise for ben");
      page.until(d -> page.confirmedTodos().contains("surprise for ben"));
      page.until(d -> Boolean.TRUE.equals(page.js("return !!navigator.serviceWorker.controller")));
      page.driver.navigate().refresh();
      page.until(d -> page.todos().contains("surprise for ben"));
      page.until(d -> cached(page).contains("ana secret plans"));
      page.find("details.timeline summary").click();
      page.until(d -> ((Number) page.js("return document.querySelectorAll('.waterfall span').length")).intValue() > 0);
      assertThat(page.js("return window.__csp")).as("no CSP violation while ana uses the app").isEqualTo(List.of());

      // The way a second tab would: sign out and sign in over fetch, so only the service worker sees it happen.
      Object other = page.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "const post = (path, body) => fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body});"
        + "post('/api/auth/logout').then(() => post('/api/auth/signup', JSON.stringify({username: 'ben', password: 'password-1'})))"
        + ".then(r => done(r.status), e => done(String(e)))");
      assertThat(other).isEqualTo(201L);
      page.driver.navigate().refresh();
      page.until(d -> "ben".equals(page.js("return window.__eventual.me?.username ?? null")));
      page.until(d -> "open".equals(page.js("return document.querySelector('#connection')?.dataset.bus")));

      cable.unplug(true);
      page.offline(true);
      page.driver.navigate().refresh();
      page.until(d -> page.js("return document.querySelector('#app-view') && !document.querySelector('#app-view').hidden").equals(true)
        || page.js("return document.querySelector('#auth-view') && !document.querySelector('#auth-view').hidden").equals(true));
      assertThat(page.driver.findElement(By.tagName("body")).getText()).doesNotContain("ana secret plans", "surprise for ben");
      assertThat(cached(page)).doesNotContain("ana secret plans", "surprise for ben");
      assertThat(page.js("return window.__csp")).as("no CSP violation").isEqualTo(List.of());
      page.js("const probe = document.createElement('div'); probe.setAttribute('style', 'color: red'); document.body.append(probe);");
      page.until(d -> !((List<?>) page.js("return window.__csp")).isEmpty()); // the watch itself works: an inline style is seen
    }
  }

  private static Browser open(NodeProcess node, int port) throws Exception {
    node.awaitReady(60);
    Browser page = new Browser("redeploy", "about:blank");
    watchCsp(page);
    page.driver.get("http://localhost:" + port + "/");
    return page;
  }

  private static void watchCsp(Browser page) {
    page.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_CSP));
  }

  /** Every body the service worker keeps of the API, one after the other. */
  private static String cached(Browser page) {
    return String.valueOf(page.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
      + "caches.keys().then(names => Promise.all(names.filter(n => !n.startsWith('eventual-shell')).map(n => caches.open(n)"
      + ".then(c => c.keys().then(keys => Promise.all(keys.map(k => c.match(k).then(r => r.text()).then(t => k.url + ' ' + t)))))))).then(all => done(all.flat().join('\\n')), e => done(String(e)))"));
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
