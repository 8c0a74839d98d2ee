package dev.eventual.support;

import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.broker.Topology;
import dev.eventual.config.Settings;

import java.util.ArrayList;
import java.util.List;

/**
 * The broker objects of one namespace, as the app's topology declares them, so that tests and the bench leave the
 * broker as they found it: the command queues, the event stream and every exchange. Each node's own presence and
 * processor-beat queues are exclusive and go with their connections.
 */
public final class Namespace {
  private Namespace() {
  }

  /** Deletes what a node with default partitions declares in {@code namespace} on the default broker. */
  public static void delete(String namespace) throws Exception {
    delete(namespace, settings(namespace).amqp().uri());
  }

  public static void delete(String namespace, String amqpUri) throws Exception {
    delete(namespace, amqpUri, settings(namespace).partitions());
  }

  public static void delete(String namespace, String amqpUri, int partitions) throws Exception {
    Settings s = settings(namespace, "amqp.uri", amqpUri, "partitions", String.valueOf(partitions));
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(s.amqp().uri());
    try (var connection = factory.newConnection("eventual-namespace-delete"); var channel = connection.createChannel()) {
      for (String queue : Topology.queues(s)) {
        channel.queueDelete(queue);
      }
      for (String exchange : Topology.exchanges(s)) {
        channel.exchangeDelete(exchange);
      }
    }
    deleteFolder(s.snapshotFolder());
  }

  /** Removes a folder and what is in it, if it is there. */
  public static void deleteFolder(java.nio.file.Path folder) throws java.io.IOException {
    if (!java.nio.file.Files.exists(folder)) {
      return;
    }
    try (var all = java.nio.file.Files.walk(folder)) {
      for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  /** The command queues of a namespace with {@code partitions} partitions. */
  public static List<String> commandQueues(String namespace, int partitions) {
    return commandQueues(settings(namespace, "partitions", String.valueOf(partitions)));
  }

  private static List<String> commandQueues(Settings s) {
    List<String> names = new ArrayList<>();
    for (int p = 0; p < s.partitions(); p++) {
      names.add(s.commandQueue(p));
    }
    return names;
  }

  private static Settings settings(String namespace, String... keyValues) {
    return Settings.from(TestNode.config(namespace, keyValues));
  }
}
