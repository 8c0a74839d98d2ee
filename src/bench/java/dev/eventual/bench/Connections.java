package dev.eventual.bench;

import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncSocket;
import dev.eventual.support.NodeProcess;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Idle sessions one node holds, and the heap each costs after a full GC. */
final class Connections {
  /** Sessions per local address: each client address has ~28,000 ephemeral ports. */
  private static final int PER_ADDRESS = 20_000;
  private final Harness h;

  Connections(Harness h) {
    this.h = h;
  }

  void run() throws Exception {
    int wanted = h.options.sessionsTarget;
    NodeProcess node = h.node;
    JsonObject section = new JsonObject().put("target", wanted);
    List<User> users = h.members(Math.min(h.options.fanoutMembers, 200));
    long nodeLimit = node == null ? Long.MAX_VALUE : Cpu.maxOpenFiles(String.valueOf(node.pid()));
    long ownLimit = Cpu.maxOpenFiles("self");
    int ownFiles = Cpu.openFiles("self");
    int nodeFiles = node == null ? 0 : Cpu.openFiles(String.valueOf(node.pid()));
    long room = Math.min(nodeLimit - nodeFiles, ownLimit - ownFiles) - 200;
    int goal = (int) Math.min(wanted, room);
    section.put("nodeMaxOpenFiles", nodeLimit).put("benchMaxOpenFiles", ownLimit).put("goal", goal)
      .put("goalReason", goal < wanted ? "RLIMIT_NOFILE: node " + nodeLimit + ", bench " + ownLimit
        + " (hard limit; raising it needs CAP_SYS_RESOURCE, which this sandbox does not grant); one fd per session on each side" : "target");
    Bench.log("   goal " + goal + " sessions (" + section.getString("goalReason") + ")");
    long heap0 = node == null ? -1 : node.heapAfterGc();
    long rss0 = node == null ? -1 : Cpu.rssBytes(node.pid());
    List<WebSocketClient> clients = new ArrayList<>();
    for (int a = 0; a <= goal / PER_ADDRESS; a++) {
      clients.add(h.vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(goal + 10)
        .setLocalAddress("127.0.0." + (2 + a)).setConnectTimeout(30_000)));
    }
    List<AsyncSocket> socks = new ArrayList<>(goal);
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    Semaphore inFlight = new Semaphore(200);
    long t = System.nanoTime();
    CountDownLatch all = new CountDownLatch(goal);
    Cpu c0 = h.cpu();
    for (int i = 0; i < goal; i++) {
      inFlight.acquire();
      if (failures.get() > 200) {
        all.countDown();
        inFlight.release();
        continue;
      }
      AsyncSocket.open(clients.get(i / PER_ADDRESS), "127.0.0.1", h.port, users.get(i % users.size()), null).onComplete(ar -> {
        if (ar.succeeded()) {
          synchronized (socks) {
            socks.add(ar.result());
          }
          h.live.add(ar.result());
        } else {
          failures.incrementAndGet();
          firstFailure.compareAndSet(null, String.valueOf(ar.cause()));
        }
        inFlight.release();
        all.countDown();
      });
      if (i > 0 && i % 5000 == 0) {
        Bench.log("   " + i + " sessions requested, " + socks.size() + " open, " + failures.get() + " failed");
      }
    }
    all.await(5, TimeUnit.MINUTES);
    double openSeconds = (System.nanoTime() - t) / 1e9;
    JsonObject openCpu = h.cpuSince(c0);
    Thread.sleep(3_000);
    long open = socks.stream().filter(s -> !s.isClosed()).count();
    long heap1 = node == null ? -1 : node.heapAfterGc();
    long rss1 = node == null ? -1 : Cpu.rssBytes(node.pid());
    int fds1 = node == null ? -1 : Cpu.openFiles(String.valueOf(node.pid()));
    double perSession = node == null ? Double.NaN : (heap1 - heap0) / (double) Math.max(1, open);
    double rssPerSession = (rss1 - rss0) / (double) Math.max(1, open);
    section.put("opened", socks.size()).put("openAfter3s", open).put("failures", failures.get()).put("firstFailure", firstFailure.get())
      .put("openSeconds", openSeconds).put("opensPerSecond", socks.size() / openSeconds).put("openCpu", openCpu)
      .put("heapBeforeBytes", heap0).put("heapAfterBytes", heap1).put("heapPerSessionBytes", perSession)
      .put("rssBeforeBytes", rss0).put("rssAfterBytes", rss1).put("rssPerSessionBytes", rssPerSession)
      .put("nodeOpenFiles", fds1)
      .put("heapFor50000ExtrapolatedMB", perSession * 50_000 / 1e6);
    if (node != null) {
      String histo = node.jcmd("GC.class_histogram");
      Files.writeString(h.work.resolve("sessions-class-histogram.txt"), histo);
      section.put("topClasses", topClasses(histo, 15));
    }
    Bench.log("   " + section.copy().put("topClasses", (Object) null).encode());
    socks.forEach(h.live::remove);
    for (AsyncSocket s : socks) {
      s.close();
    }
    Thread.sleep(2000);
    clients.forEach(WebSocketClient::close);
    h.results.json.put("connections", section);
    h.results.row("connections", "idle SockJS sessions held by one node" + (goal < wanted ? " (capped by fd limit " + nodeLimit + ")" : ""),
      (double) open, "sessions", null, "≥ 50,000", open >= 50_000);
    h.results.row("connections", "heap per idle session (after full GC)", perSession / 1024, "KB", null, "≤ 10 KB", perSession <= 10 * 1024);
    h.results.row("connections", "RSS per idle session (heap + native/direct buffers)", rssPerSession / 1024, "KB", null, null, null);
  }

  private static JsonArray topClasses(String histo, int n) {
    JsonArray out = new JsonArray();
    for (String l : histo.split("\n")) {
      String[] f = l.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && out.size() < n) {
        out.add(new JsonObject().put("class", f[3]).put("instances", Long.parseLong(f[1])).put("bytes", Long.parseLong(f[2])));
      }
    }
    return out;
  }
}
