package dev.eventual.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/** How the bench drives a node: bounded concurrent set-up tasks, open-loop pacing, and latency histograms. */
final class Load {
  static final long HIST_MAX_US = TimeUnit.SECONDS.toMicros(600);

  private Load() {
  }

  /** Runs {@code n} tasks, at most {@code concurrency} at a time, each tried thrice; their results in order. */
  static <T> List<T> many(int n, int concurrency, IntFunction<Future<T>> task) throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    CountDownLatch done = new CountDownLatch(n);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Object[] out = new Object[n];
    for (int i = 0; i < n && failure.get() == null; i++) {
      slots.acquire();
      int k = i;
      attempt(task, k, 3).onComplete(ar -> {
        if (ar.succeeded()) {
          out[k] = ar.result();
        } else {
          failure.compareAndSet(null, ar.cause());
        }
        slots.release();
        done.countDown();
      });
    }
    if (failure.get() == null && !done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("tasks did not finish");
    }
    if (failure.get() != null) {
      throw new IllegalStateException(failure.get());
    }
    List<T> list = new ArrayList<>(n);
    for (Object o : out) {
      @SuppressWarnings("unchecked") T t = (T) o;
      list.add(t);
    }
    return list;
  }

  private static <T> Future<T> attempt(IntFunction<Future<T>> task, int k, int left) {
    return task.apply(k).recover(err -> left > 1 ? attempt(task, k, left - 1) : Future.failedFuture(err));
  }

  /**
   * Open loop: sends {@code total} requests at {@code rate} per second from {@code start}, each handed its intended
   * send time, whether or not earlier ones were answered (latency counted from then corrects coordinated omission).
   */
  static void pace(double rate, long total, long start, long maxParkNanos, LongConsumer send) {
    for (long i = 0; i < total; ) {
      long due = start + (long) (i * 1e9 / rate);
      long now = System.nanoTime();
      if (due > now) {
        LockSupport.parkNanos(Math.min(due - now, maxParkNanos));
        continue;
      }
      send.accept(due);
      i++;
    }
  }

  static ConcurrentHistogram histogram() {
    return new ConcurrentHistogram(HIST_MAX_US, 3);
  }

  /** Microseconds since {@code fromNanos}, capped to what a histogram holds. */
  static long micros(long fromNanos, long nowNanos) {
    return Math.min(HIST_MAX_US, (nowNanos - fromNanos) / 1000);
  }

  static JsonObject pct(Histogram recording) {
    // A copy: reading percentiles of a ConcurrentHistogram that is still recorded into threw
    // ConcurrentModificationException during a warm-up; copy() takes what was recorded under its reader lock.
    Histogram h = recording instanceof ConcurrentHistogram c ? c.copy() : recording;
    JsonObject o = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return o;
    }
    return o.put("p50", ms(h.getValueAtPercentile(50))).put("p90", ms(h.getValueAtPercentile(90)))
      .put("p99", ms(h.getValueAtPercentile(99))).put("p99.9", ms(h.getValueAtPercentile(99.9)))
      .put("max", ms(h.getMaxValue())).put("mean", Math.round(h.getMean()) / 1000.0);
  }

  private static double ms(long us) {
    return Math.round(us / 10.0) / 100.0;
  }

  static String brief(JsonObject p) {
    return p.getValue("p50") + "/" + p.getValue("p99") + "/" + p.getValue("p99.9") + "/" + p.getValue("max");
  }
}
