package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * "A browser page" for a test class: one node on a namespace of its own (started before the class's own
 * {@code @BeforeAll}), the Chromium sessions and cables the class opens through it, and after the class all of them
 * closed — the last opened first, the node and its namespace last. A failed test leaves a screenshot of every open
 * page in {@code target/screenshots/failed-<test>-<name>.png}.
 *
 * <pre>{@code @RegisterExtension static final Pages pages = new Pages(new JsonObject().put("chaos.enabled", "true"));}</pre>
 */
final class Pages implements BeforeAllCallback, AfterAllCallback, TestWatcher {
  private final JsonObject config;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private Backend backend;

  Pages(JsonObject config) {
    this.config = config;
  }

  Pages() {
    this(new JsonObject());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    backend = new Backend(config);
  }

  Backend backend() {
    return backend;
  }

  /** A page of the node, in a Chromium profile of its own, not signed in. */
  Browser browser(String name) throws Exception {
    return browser(name, backend.url());
  }

  Browser browser(String name, String url) throws Exception {
    return keep(new Browser(name, url));
  }

  /** A page of the node in a Chromium that runs no script of the page's. */
  Browser withoutJavaScript(String name, String path) throws Exception {
    return keep(new Browser(name, backend.url() + path, false));
  }

  /** A page of the node whose user has just signed up as {@code name}, its socket open. */
  Browser signedUp(String name) throws Exception {
    Browser page = browser(name);
    page.signUp(name);
    return page;
  }

  /** A cable the test can unplug between the browser and the node. */
  Cable cable() throws Exception {
    return keep(new Cable(backend.port));
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.push(closeable);
    return closeable;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (AutoCloseable c : open) {
      if (c instanceof Browser page) {
        try {
          page.screenshot("failed-" + context.getRequiredTestMethod().getName() + "-" + page.name + ".png");
        } catch (Exception | Error e) {
          // a page that cannot be pictured any more: the failure itself says enough
        }
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!open.isEmpty()) {
      first = closed(open.pop(), first);
    }
    if (backend != null) {
      first = closed(backend, first);
    }
    if (first != null) {
      throw first;
    }
  }

  private static Exception closed(AutoCloseable c, Exception first) {
    try {
      c.close();
      return first;
    } catch (Exception e) {
      if (first == null) {
        return e;
      }
      first.addSuppressed(e);
      return first;
    }
  }
}
