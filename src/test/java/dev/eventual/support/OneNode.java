package dev.eventual.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * "One node on a namespace of its own" for a test class: {@code @RegisterExtension static final OneNode node =
 * OneNode.with("key", "value", …)} starts the node before the class's own {@code @BeforeAll} and, after its
 * {@code @AfterAll}, stops it and deletes the namespace (queues, streams, exchanges, snapshots) — the block 30 classes
 * wrote out by hand. Tests that start and kill nodes themselves (recovery, fail-over) still use {@link TestNode}.
 */
public final class OneNode implements BeforeAllCallback, AfterAllCallback {
  public final String ns = TestNode.namespace();
  private final String[] config;
  public TestNode app;
  public Api api;

  private OneNode(String... config) {
    this.config = config;
  }

  /** A node with the test settings and these overrides (key, value, key, value, …). */
  public static OneNode with(String... keyValues) {
    return new OneNode(keyValues);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    app = TestNode.start(ns, config);
    api = app.api;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      Namespace.delete(ns);
    }
  }
}
