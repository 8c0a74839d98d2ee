package dev.eventual.bench;

import io.vertx.core.json.JsonObject;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of the node, the bench and RabbitMQ at one moment (ms; -1 when unknown), and what /proc says of a process. */
record Cpu(long nanos, long node, long bench, long broker) {
  /** Samples now; {@code nodePid} or {@code brokerPid} may be null (no node of the bench's own, no broker found). */
  static Cpu sample(Long nodePid, Long brokerPid) {
    return new Cpu(System.nanoTime(), nodePid == null ? -1 : millis(String.valueOf(nodePid)), millis("self"),
      brokerPid == null ? -1 : millis(String.valueOf(brokerPid)));
  }

  /** Each one's share of a core since this sample (100 = one core), and the node's CPU milliseconds. */
  JsonObject since(Long nodePid, Long brokerPid) {
    Cpu now = sample(node < 0 ? null : nodePid, brokerPid);
    double ms = (now.nanos - nanos) / 1e6;
    JsonObject r = new JsonObject();
    if (node >= 0 && now.node >= 0) {
      r.put("nodePct", Math.round(100.0 * (now.node - node) / ms)).put("nodeMs", now.node - node);
    }
    r.put("benchPct", Math.round(100.0 * (now.bench - bench) / ms));
    if (broker >= 0) {
      r.put("rabbitPct", Math.round(100.0 * (now.broker - broker) / ms));
    }
    return r;
  }

  /** Process CPU time (user + sys) in ms, from /proc/PID/stat. */
  static long millis(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (Exception e) {
      return -1;
    }
  }

  static long rssBytes(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.substring("VmRSS:".length()).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (Exception ignored) {
      // not on Linux
    }
    return -1;
  }

  static int openFiles(String pid) {
    String[] fds = new File("/proc/" + pid + "/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /** The soft RLIMIT_NOFILE of a process (the child inherits the bench's). */
  static long maxOpenFiles(String pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (l.startsWith("Max open files")) {
          return Long.parseLong(l.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (Exception ignored) {
      // not on Linux
    }
    return Long.MAX_VALUE;
  }

  /** The pid of the first process with this command name (RabbitMQ's VM is beam.smp), or null. */
  static Long findProcess(String comm) {
    File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
    if (procs == null) {
      return null;
    }
    for (File p : procs) {
      try {
        if (Files.readString(p.toPath().resolve("comm")).trim().equals(comm)) {
          return Long.parseLong(p.getName());
        }
      } catch (Exception ignored) {
        // gone
      }
    }
    return null;
  }
}
