package dev.eventual.config;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/** The chaos knobs of one node: set from {@link Settings} at start, changed live by an admin; all off unless enabled. */
public final class Chaos {
  private record Knobs(double http500Rate, int delayMinMs, int delayMaxMs, double failureRate) {
  }

  private final boolean enabled;
  private final int haltAfterStep;
  private volatile Knobs knobs = new Knobs(0, 0, 0, 0);

  public Chaos(Settings.Chaos s) {
    this.enabled = s.enabled();
    this.haltAfterStep = enabled ? s.haltAfterStep() : 0;
    if (enabled) {
      update(s.http500Rate(), s.delayMinMs(), s.delayMaxMs(), s.failureRate());
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public void update(double http500Rate, int delayMinMs, int delayMaxMs, double failureRate) {
    knobs = new Knobs(http500Rate, delayMinMs, Math.max(delayMinMs, delayMaxMs), failureRate);
  }

  public boolean failHttp() {
    double rate = knobs.http500Rate();
    return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
  }

  public boolean failProcessing() {
    double rate = knobs.failureRate();
    return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
  }

  /** Whether to halt the JVM now that a saga's step {@code step} is folded: a crash a test can reach. */
  public boolean haltAfterStep(int step) {
    return step > 0 && step == haltAfterStep;
  }

  public long processingDelayMs() {
    Knobs k = knobs;
    return k.delayMaxMs() <= 0 ? 0 : ThreadLocalRandom.current().nextLong(k.delayMinMs(), k.delayMaxMs() + 1L);
  }

  public JsonObject toJson() {
    Knobs k = knobs;
    return new JsonObject().put("enabled", enabled).put("http500Rate", k.http500Rate())
      .put("delayMinMs", k.delayMinMs()).put("delayMaxMs", k.delayMaxMs()).put("failureRate", k.failureRate());
  }
}
