package dev.eventual.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Summarises a JFR recording of a node (async-profiler is not available here): CPU samples by thread, by their
 * top (self) frame, and by the first frame of the app's own code on the stack; plus GC pause time.
 */
final class Profile {
  private Profile() {
  }

  static JsonObject summarise(Path file, int top) {
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> app = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    long samples = 0;
    Duration gcPause = Duration.ZERO;
    long gcCount = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        String type = e.getEventType().getName();
        if (type.equals("jdk.GCPhasePause")) {
          gcPause = gcPause.plus(e.getDuration());
          gcCount++;
          continue;
        }
        if (!type.equals("jdk.ExecutionSample")) {
          continue;
        }
        samples++;
        String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
        threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        packages.merge(area(frames), 1, Integer::sum);
        for (RecordedFrame f : frames) {
          if (f.getMethod().getType().getName().startsWith("dev.eventual")) {
            app.merge(name(f), 1, Integer::sum);
            break;
          }
        }
      }
    } catch (Exception e) {
      return new JsonObject().put("error", e.toString());
    }
    return new JsonObject().put("file", file.toString()).put("samples", samples)
      .put("gcPauses", gcCount).put("gcPauseMs", gcPause.toMillis())
      .put("byThread", topN(threads, top, samples)).put("bySelfFrame", topN(self, top, samples))
      .put("byArea", topN(packages, top, samples)).put("byFirstAppFrame", topN(app, top, samples));
  }

  /** A coarse attribution of a sample: what the thread was doing, judged from its stack. */
  private static String area(List<RecordedFrame> frames) {
    String top = frames.get(0).getMethod().getType().getName();
    boolean json = false;
    for (RecordedFrame f : frames) {
      String t = f.getMethod().getType().getName();
      String m = f.getMethod().getName();
      if (t.startsWith("io.netty.channel.epoll") || t.startsWith("sun.nio.ch") || m.equals("epollWait")) {
        if (frames.indexOf(f) < 3) {
          return "socket I/O (epoll/read/write syscalls)";
        }
      }
      if (t.startsWith("com.fasterxml.jackson")) {
        json = true;
      }
    }
    if (json) {
      return "JSON encode/decode (Jackson)";
    }
    if (top.startsWith("java.util.LinkedHashMap") || top.startsWith("java.util.HashMap")) {
      return "HashMap/LinkedHashMap";
    }
    if (top.startsWith("io.netty")) {
      return "netty";
    }
    if (top.startsWith("io.vertx")) {
      return "vertx";
    }
    if (top.startsWith("com.rabbitmq")) {
      return "amqp-client";
    }
    if (top.startsWith("dev.eventual")) {
      return "app";
    }
    if (top.startsWith("java.") || top.startsWith("jdk.") || top.startsWith("sun.")) {
      return "jdk:" + top.substring(0, top.lastIndexOf('.'));
    }
    return top.substring(0, Math.max(0, top.lastIndexOf('.')));
  }

  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static JsonArray topN(Map<String, Integer> counts, int n, long total) {
    JsonArray out = new JsonArray();
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
      .forEach(e -> out.add(new JsonObject().put("name", e.getKey()).put("samples", e.getValue())
        .put("pct", Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0)));
    return out;
  }
}
