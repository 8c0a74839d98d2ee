package dev.eventual.broker;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.BackOffDelayPolicy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.StreamException;
import dev.eventual.config.Settings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A connection to RabbitMQ's stream protocol, for reading the event log and for appending to it. */
public final class StreamEnvironment {
  private StreamEnvironment() {
  }

  /**
   * An environment on the cluster's stream endpoints ({@code stream.addresses}), with user, password and vhost from
   * {@code amqp.uri}; tried until {@code amqp.startupWaitSeconds} pass, then one readable line. Blocking.
   */
  public static Environment connect(Settings settings, String name) throws InterruptedException {
    ConnectionFactory amqp = new ConnectionFactory();
    try {
      amqp.setUri(settings.amqp().uri());
    } catch (Exception e) {
      throw new IllegalStateException("amqp.uri is not usable: " + e.getMessage(), e);
    }
    List<Address> brokers = settings.streamBrokers().stream()
      .map(a -> new Address(a.substring(0, a.lastIndexOf(':')), Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))))
      .toList();
    String credentials = encode(amqp.getUsername()) + ":" + encode(amqp.getPassword());
    String vhost = encode(amqp.getVirtualHost());
    List<String> uris = brokers.stream()
      .map(b -> "rabbitmq-stream://" + credentials + "@" + b.host() + ":" + b.port() + "/" + vhost).toList();
    long deadline = System.nanoTime() + Duration.ofSeconds(settings.amqp().startupWaitSeconds()).toNanos();
    BackOffDelayPolicy backOff = attempt -> Duration.ofMillis(Math.min(5_000, 250L << Math.min(attempt, 5)));
    while (true) {
      try {
        return Environment.builder().uris(uris)
          .addressResolver(address -> reachable(address, brokers))
          // The event log never compresses; the client's default factory would need the libraries left out of the jar.
          .compressionCodecFactory(compression -> {
            throw new StreamException("compressed entries (" + compression + ") are not expected in the event stream");
          })
          .recoveryBackOffDelayPolicy(backOff).topologyUpdateBackOffDelayPolicy(backOff)
          .codec(new BodyCodec())
          .id(name).build();
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read the event stream: RabbitMQ's stream protocol does not answer on "
            + String.join(", ", settings.streamBrokers()) + " (" + rootMessage(e) + "). Enable it with"
            + " 'rabbitmq-plugins enable rabbitmq_stream' (rabbitmq/start.sh does), point --stream.port at it, or read"
            + " over AMQP with --events.transport=amqp.");
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * A node advertises its host name, which need not resolve from here (a container's, a laptop's own): a node whose
   * advertised port is the port of exactly one configured address is reached there; any other as it advertises.
   */
  private static Address reachable(Address advertised, List<Address> brokers) {
    List<Address> samePort = brokers.stream().filter(b -> b.port() == advertised.port()).toList();
    return samePort.size() == 1 ? samePort.get(0) : advertised;
  }

  /** The message of what first went wrong under {@code e}: the stream client wraps its causes deeply. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
