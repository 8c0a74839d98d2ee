package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Who waits for what to be folded, by key (a commandId, a listId, a fenceId). The fold calls {@link #folded} after
 * each event it applies about a key; each waiter on that key looks again on its own context, so no waiter runs on
 * the fold's event loop, and none misses a fold that happened while it was registering (it looks once more after).
 */
final class FoldWatch<K> {
  private record Waiter(Context context, Consumer<Event> check) {
  }

  private final Map<K, CopyOnWriteArrayList<Waiter>> waiting = new ConcurrentHashMap<>();

  /** The first non-null value of {@code probe}, looked at now and after every fold about {@code key}. */
  <V> Future<V> await(K key, Supplier<V> probe, long timeoutMs) {
    return await(key, probe, timeoutMs, null);
  }

  /** As {@link #await(Object, Supplier, long)}, given up (failed, unregistered) once {@code until} completes. */
  <V> Future<V> await(K key, Supplier<V> probe, long timeoutMs, Future<?> until) {
    V now = probe.get();
    if (now != null) {
      return Future.succeededFuture(now);
    }
    return register(key, timeoutMs, (done, event) -> {
      V value = probe.get();
      if (value != null) {
        done.tryComplete(value);
      }
    }, true, until);
  }

  /** The next event folded about {@code key}: register before appending what is waited for. */
  Future<Event> next(K key, long timeoutMs) {
    return register(key, timeoutMs, Promise::tryComplete, false, null);
  }

  private interface Check<V> {
    void run(Promise<V> done, Event event);
  }

  private <V> Future<V> register(K key, long timeoutMs, Check<V> check, boolean lookAgain, Future<?> until) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("wait for the read model from a Vert.x context");
    }
    Promise<V> done = Promise.promise();
    Waiter waiter = new Waiter(context, event -> check.run(done, event));
    waiting.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(waiter);
    if (lookAgain) {
      check.run(done, null);
    }
    Vertx vertx = context.owner();
    long timer = vertx.setTimer(Math.max(1, timeoutMs), id -> done.tryFail(new NotYet(timeoutMs)));
    if (until != null) {
      until.onComplete(ar -> context.runOnContext(v -> done.tryFail(new NotYet(0))));
    }
    return done.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      waiting.computeIfPresent(key, (k, list) -> {
        list.remove(waiter);
        return list.isEmpty() ? null : list;
      });
    });
  }

  /** Whether nobody waits for anything: the fold can skip working out what an event is about. */
  boolean idle() {
    return waiting.isEmpty();
  }

  /** On the fold's thread, after applying {@code event} about {@code key}. */
  void folded(K key, Event event) {
    if (waiting.isEmpty() || key == null) {
      return;
    }
    CopyOnWriteArrayList<Waiter> list = waiting.get(key);
    if (list != null) {
      for (Waiter w : list) {
        w.context().runOnContext(v -> w.check().accept(event));
      }
    }
  }

  /** The wait ran out before what it waited for was folded. */
  public static final class NotYet extends RuntimeException {
    NotYet(long timeoutMs) {
      super("not folded within " + timeoutMs + " ms", null, false, false);
    }
  }
}
