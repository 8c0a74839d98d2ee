package dev.eventual.config;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/** The chaos knobs of one node: set from {@link Settings} at start, changed live by an admin. */
public final class Chaos {
  private final boolean enabled;
  private volatile double http500Rate;
  private volatile int delayMinMs;
  private volatile int delayMaxMs;
  private volatile double failureRate;

  public Chaos(Settings s) {
    this.enabled = s.chaosEnabled();
    if (enabled) {
      update(s.chaosHttp500Rate(), s.chaosDelayMinMs(), s.chaosDelayMaxMs(), s.chaosFailureRate());
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public synchronized void update(double http500Rate, int delayMinMs, int delayMaxMs, double failureRate) {
    this.http500Rate = http500Rate;
    this.delayMinMs = delayMinMs;
    this.delayMaxMs = delayMaxMs;
    this.failureRate = failureRate;
  }

  public boolean failHttp() {
    return http500Rate > 0 && ThreadLocalRandom.current().nextDouble() < http500Rate;
  }

  public boolean failProcessing() {
    return failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
  }

  public long processingDelayMs() {
    int min = delayMinMs;
    int max = delayMaxMs;
    return max <= 0 ? 0 : ThreadLocalRandom.current().nextLong(min, max + 1L);
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("http500Rate", http500Rate)
      .put("delayMinMs", delayMinMs).put("delayMaxMs", delayMaxMs).put("failureRate", failureRate);
  }
}
