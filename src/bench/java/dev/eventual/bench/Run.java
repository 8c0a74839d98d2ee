package dev.eventual.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.ConcurrentHistogram;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One measured run of commands by the two users of {@link Commands}: what was sent when, what the HTTP answers and
 * the two sockets said, and the latencies from each command's intended send time.
 */
final class Run {
  private static final class Pending {
    final long intended;
    final int author;
    int got;

    Pending(long intended, int author) {
      this.intended = intended;
      this.author = author;
    }
  }

  final String label;
  private final Commands commands;
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentHistogram accept = Load.histogram();
  private final ConcurrentHistogram author = Load.histogram();
  private final ConcurrentHistogram other = Load.histogram();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong ok = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  private final AtomicLong authorEvents = new AtomicLong();
  private final AtomicLong otherEvents = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private volatile long lastEvent;
  /** Called on each of the author's events and each refusal: a closed loop sends its next command there. */
  volatile Runnable onAuthorEvent;
  volatile long windowStart = Long.MAX_VALUE;
  volatile long windowEnd = Long.MAX_VALUE;
  /** The author's events that arrived inside [windowStart, windowEnd). */
  final AtomicLong inWindow = new AtomicLong();

  Run(String label, Commands commands) {
    this.label = label;
    this.commands = commands;
  }

  void onEvent(int socket, String commandId, long now) {
    Pending p = pending.get(commandId);
    if (p == null) {
      return;
    }
    long us = Load.micros(p.intended, now);
    if (socket == p.author) {
      author.recordValue(us);
      authorEvents.incrementAndGet();
      if (now >= windowStart && now < windowEnd) {
        inWindow.incrementAndGet();
      }
      Runnable next = onAuthorEvent;
      if (next != null) {
        next.run();
      }
    } else {
      other.recordValue(us);
      otherEvents.incrementAndGet();
    }
    lastEvent = now;
    synchronized (p) {
      if (++p.got == 2) {
        pending.remove(commandId);
      }
    }
  }

  /** Adds a todo to the next list, by alice and bob in turn, as if sent at {@code intended}. */
  void send(long intended) {
    long n = commands.seq.getAndIncrement();
    int list = (int) (n % Commands.LISTS);
    int who = (int) ((n / Commands.LISTS) % 2);
    String commandId = UUID.randomUUID().toString();
    pending.put(commandId, new Pending(intended, who));
    sent.incrementAndGet();
    commands.api().addTodo(commands.user(who), commandId, commands.lists.get(list), "todo " + n).onComplete(ar -> {
      if (ar.succeeded() && ar.result().status() == 202) {
        ok.incrementAndGet();
        accept.recordValue(Load.micros(intended, System.nanoTime()));
      } else {
        refused.incrementAndGet();
        firstError.compareAndSet(null, ar.succeeded() ? ar.result().toString() : String.valueOf(ar.cause()));
        Runnable next = onAuthorEvent;
        if (next != null) {
          next.run();
        }
      }
    });
  }

  /** Waits until every command's event reached both sockets, or {@code seconds} pass; returns how many did not. */
  long drain(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    // Both: every event on both sockets, and every HTTP answer (a 202 can come after its pushed event).
    while ((!pending.isEmpty() || ok.get() + refused.get() < sent.get()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return pending.size();
  }

  JsonObject result(long start, long sendEnd, long lost, JsonObject cpu) {
    double sendSeconds = (sendEnd - start) / 1e9;
    return new JsonObject().put("label", label).put("sent", sent.get()).put("sendSeconds", sendSeconds)
      .put("sentPerSecond", sent.get() / sendSeconds)
      .put("accepted202", ok.get()).put("refused", refused.get()).put("firstError", firstError.get())
      .put("authorEvents", authorEvents.get()).put("otherEvents", otherEvents.get())
      .put("lost", lost).put("lastEventAfterSendEndMs", lastEvent == 0 ? null : (lastEvent - sendEnd) / 1e6)
      .put("deliveredPerSecond", lastEvent <= start ? 0 : authorEvents.get() / ((Math.max(lastEvent, sendEnd) - start) / 1e9))
      .put("acceptMs", Load.pct(accept)).put("authorMs", Load.pct(author)).put("otherMs", Load.pct(other))
      .put("cpu", cpu);
  }
}
