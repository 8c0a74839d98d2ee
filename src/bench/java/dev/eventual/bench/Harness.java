package dev.eventual.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.support.Api.User;
import dev.eventual.support.AsyncApi;
import dev.eventual.support.AsyncSocket;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the sections share: the options, the results, the node under test (a child JVM of the bench's own, or
 * {@code --target}) and the client that drives it, the sessions kept alive, CPU sampling and JFR on the node.
 */
final class Harness {
  final Options options;
  final Results results = new Results();
  final String ns = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  /** Logs, JFR recordings and the node's jar copy: outside target/, which other builds of the tree may wipe mid-run. */
  final Path work;
  final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  /** Sessions pinged every 20 s, as a browser does, so the node's ping timeout does not close them. */
  final Set<AsyncSocket> live = ConcurrentHashMap.newKeySet();
  final Long brokerPid = Cpu.findProcess("beam.smp");
  private final List<String> commandQueues;
  private String nodeClasspath;
  NodeProcess node;
  AsyncApi api;
  String host = "127.0.0.1";
  int port;
  private List<User> members = List.of();

  Harness(Options options) {
    this.options = options;
    this.work = Path.of(System.getProperty("java.io.tmpdir"), "eventual-bench", ns);
    this.commandQueues = Namespace.commandQueues(ns, options.partitions);
    vertx.setPeriodic(20_000, id -> live.forEach(AsyncSocket::ping));
  }

  /**
   * Copies the jar the node runs from. A fat jar without an SLF4J provider logs nothing (it happened while the Vert.x
   * BOM managed slf4j-simple at test scope); then the same slf4j-simple goes beside it, so the node's own lines
   * ("read model caught up: N events folded") can still be read and timed.
   */
  void prepare(String jar) throws Exception {
    Files.createDirectories(work);
    nodeClasspath = work.resolve("eventual.jar").toString();
    Files.copy(Path.of(jar), Path.of(nodeClasspath));
    boolean hasProvider;
    try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar)) {
      hasProvider = jf.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null;
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!hasProvider && entry.contains("slf4j-simple")) {
        nodeClasspath = nodeClasspath + File.pathSeparator + entry;
        results.json.put("nodeClasspathNote", "node started with -cp eventual.jar:" + Path.of(entry).getFileName()
          + " because the fat jar has no SLF4J provider");
      }
    }
  }

  /** Starts a node from the jar copy with the bench's settings; its log goes to the work directory. */
  NodeProcess launch(String namespace, List<String> jvmFlags, String... flags) throws Exception {
    // All the load comes from this one address: no per-address cap.
    List<String> all = new ArrayList<>(List.of("--http.maxConnectionsPerAddress", "0"));
    all.addAll(List.of(flags));
    return NodeProcess.start(new NodeProcess.Launch(nodeClasspath, jvmFlags, work), namespace, all.toArray(String[]::new));
  }

  void startNode() throws Exception {
    if (options.target != null) {
      URI uri = URI.create(options.target);
      host = uri.getHost();
      port = uri.getPort();
      Bench.log("driving " + options.target);
    } else {
      List<String> flags = new ArrayList<>(List.of("--partitions", String.valueOf(options.partitions)));
      flags.addAll(options.nodeFlags);
      // A recording runs from the start with the same settings the sections' recordings use: starting the first
      // one in mid-run deoptimised the compiled hot path and took the JIT seconds to recover, inside a measurement.
      node = launch(ns, List.of("-Xmx2g", "-XX:+UseG1GC", "-XX:StartFlightRecording=name=baseline,settings=default,maxsize=64m"),
        flags.toArray(String[]::new));
      node.awaitReady(120);
      port = node.port;
      Bench.log("node pid " + node.pid() + " on port " + port + ", namespace " + ns + ", log " + node.log);
      results.json.put("node", new JsonObject().put("pid", node.pid())
        .put("jvm", "-Xmx2g -XX:+UseG1GC -XX:StartFlightRecording=name=baseline,settings=default")
        .put("flags", new JsonArray(flags)).put("log", node.log.toString()));
    }
    api = new AsyncApi(vertx, host, port, 128);
  }

  void stopNode() {
    try {
      if (node != null) {
        node.close();
        node = null;
        deleteNamespace(ns);
        Bench.log("node stopped; namespace " + ns + " deleted");
      }
    } catch (Exception e) {
      Bench.log("cleanup failed: " + e);
    }
  }

  void deleteNamespace(String namespace) {
    deleteNamespace(namespace, options.partitions);
  }

  void deleteNamespace(String namespace, int partitions) {
    try {
      Namespace.delete(namespace, options.amqpUri, partitions);
    } catch (Exception e) {
      Bench.log("amqp: " + e.getMessage());
    }
  }

  /** {@code n} signed-up users ("member00000"…), signed up once and shared by the fan-out and sessions sections. */
  List<User> members(int n) throws Exception {
    int have = members.size();
    if (have < n) {
      List<User> more = new ArrayList<>(members);
      more.addAll(Load.many(n - have, 16, i -> api.signup(String.format("member%05d", have + i))));
      members = more;
    }
    return members;
  }

  // ---- CPU, JFR and the broker's queues

  Cpu cpu() {
    return Cpu.sample(node == null ? null : node.pid(), brokerPid);
  }

  JsonObject cpuSince(Cpu c0) {
    return c0.since(node == null ? null : node.pid(), brokerPid);
  }

  /** A recording with the default (low-overhead) settings: the profile settings instrument every Throwable. */
  String startJfr(String name) {
    if (node == null) {
      return null;
    }
    try {
      node.jcmd("JFR.start", "name=" + name, "settings=default");
      return name;
    } catch (Exception e) {
      return null;
    }
  }

  /** Stops a recording, puts its summary into {@code into} and writes a thread dump beside it. */
  void stopJfr(String name, String label, JsonObject into) {
    if (name == null || node == null) {
      return;
    }
    try {
      Path file = work.resolve(label + ".jfr").toAbsolutePath();
      node.jcmd("JFR.stop", "name=" + name, "filename=" + file);
      into.put("profile", Profile.summarise(file, 15));
      Files.writeString(work.resolve(label + "-threads.txt"), node.jcmd("Thread.print"));
    } catch (Exception e) {
      into.put("profileError", e.toString());
    }
  }

  /** Commands still queued in the namespace's partitions (ready messages), via a passive declare. */
  long backlog() {
    long[] n = {0};
    amqp(ch -> {
      for (String q : commandQueues) {
        n[0] += ch.queueDeclarePassive(q).getMessageCount();
      }
    });
    return n[0];
  }

  /** Waits until the node has taken every queued command, so one step's backlog does not spill into the next. */
  long awaitEmptyQueues(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long b = backlog();
    while (b > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      b = backlog();
    }
    return b;
  }

  interface ChannelAction {
    void run(Channel ch) throws Exception;
  }

  void amqp(ChannelAction action) {
    try {
      ConnectionFactory f = new ConnectionFactory();
      f.setUri(options.amqpUri);
      try (Connection c = f.newConnection("eventual-bench-admin"); Channel ch = c.createChannel()) {
        action.run(ch);
      }
    } catch (Exception e) {
      Bench.log("amqp: " + e.getMessage());
    }
  }

  void close() {
    stopNode();
    vertx.close();
  }
}
