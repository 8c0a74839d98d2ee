package dev.eventual.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The 3-node RabbitMQ cluster of {@code rabbitmq/cluster.sh}, of a test's own: nodes 1–3, AMQP 5681–5683. */
public final class BrokerCluster implements AutoCloseable {
  public static final int FIRST_PORT = 5681;

  private BrokerCluster() {
  }

  public static BrokerCluster start() throws Exception {
    run("start");
    return new BrokerCluster();
  }

  public String addresses() {
    return "127.0.0.1:" + FIRST_PORT + ",127.0.0.1:" + (FIRST_PORT + 1) + ",127.0.0.1:" + (FIRST_PORT + 2);
  }

  public String streamAddresses() {
    int s = FIRST_PORT - 120;
    return "127.0.0.1:" + s + ",127.0.0.1:" + (s + 1) + ",127.0.0.1:" + (s + 2);
  }

  public String uri(int node) {
    return "amqp://guest:guest@127.0.0.1:" + (FIRST_PORT + node - 1);
  }

  /** The flags that point an Eventual node at the whole cluster. */
  public List<String> flags() {
    return List.of("--amqp.uri", uri(1), "--amqp.addresses", addresses(), "--stream.addresses", streamAddresses());
  }

  /** Queue name → {leader node number, members online}, as node {@code via} sees them. */
  public Map<String, int[]> queues(int via) throws Exception {
    String out = run("ctl", String.valueOf(via), "list_queues", "-q", "--no-table-headers", "name", "leader", "online");
    Map<String, int[]> result = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] cols = line.trim().split("\t");
      if (cols.length >= 3 && cols[1].startsWith("eventual-c")) {
        int online = cols[2].isBlank() || cols[2].equals("[]") ? 0 : cols[2].split(",").length;
        result.put(cols[0], new int[] {cols[1].charAt("eventual-c".length()) - '0', online});
      }
    }
    return result;
  }

  /** Waits until every queue of the namespace has a leader and all three members online. */
  public void awaitReplicated(String namespace, int queues) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<int[]> mine = new ArrayList<>();
      queues(1).forEach((name, q) -> {
        if (name.startsWith(namespace + ".")) {
          mine.add(q);
        }
      });
      if (mine.size() == queues && mine.stream().allMatch(q -> q[1] == 3)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("queues of " + namespace + " not replicated on 3 nodes: " + queues(1).keySet());
  }

  public void kill(int node) throws Exception {
    run("kill", String.valueOf(node));
  }

  public void restart(int node) throws Exception {
    run("restart", String.valueOf(node));
  }

  private static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("rabbitmq/cluster.sh"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("rabbitmq/cluster.sh " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    run("stop");
  }
}
