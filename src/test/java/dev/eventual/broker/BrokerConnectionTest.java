package dev.eventual.broker;

import dev.eventual.config.Settings;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection every verticle talks to RabbitMQ through, against the real broker. */
class BrokerConnectionTest {
  static final int CHAINS = 50;
  static final int PER_CHAIN = 40;

  final String ns = TestNode.namespace();
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void cleanUp() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Namespace.delete(ns);
  }

  /**
   * Many publishers each publishing their next message from the confirm of the last (what a processor batch and
   * concurrent HTTP requests do), so confirms arrive as multiple acks while new publishes join: every publish is
   * confirmed once, and a consumer on its own channel gets each chain's messages in order and settles them with
   * multiple acks.
   */
  @Test
  void publishesFromConfirmsAreAllConfirmedAndConsumedInOrder() throws Exception {
    Settings settings = Settings.from(TestNode.config(ns));
    Promise<List<List<Integer>>> received = Promise.promise();
    Promise<Integer> confirmed = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      final List<List<Integer>> byChain = new ArrayList<>();
      int count;
      int acked;
      BrokerConnection broker;

      @Override
      public Future<?> start() {
        for (int c = 0; c < CHAINS; c++) {
          byChain.add(new ArrayList<>());
        }
        broker = new BrokerConnection(vertx, settings, "test-broker", client ->
          broker.consume(settings.commandQueue(0), 300, null, delivery -> {
            String[] parts = new String(delivery.getBody()).split(":");
            byChain.get(Integer.parseInt(parts[0])).add(Integer.parseInt(parts[1]));
            if (++count % 64 == 0 || count == CHAINS * PER_CHAIN) {
              consumer.ack(delivery.getEnvelope().getDeliveryTag(), true);
            }
            if (count == CHAINS * PER_CHAIN) {
              received.tryComplete(byChain);
            }
          }).onSuccess(c -> consumer = c).mapEmpty());
        return broker.start().onSuccess(v -> {
          for (int c = 0; c < CHAINS; c++) {
            publish(c, 0);
          }
        });
      }

      QueueConsumer consumer;

      void publish(int chain, int n) {
        broker.publish(settings.commandsExchange(), Topology.routingKey(0), Buffer.buffer(chain + ":" + n))
          .onFailure(confirmed::tryFail)
          .onSuccess(v -> {
            if (++acked == CHAINS * PER_CHAIN) {
              confirmed.tryComplete(acked);
            }
            if (n + 1 < PER_CHAIN) {
              publish(chain, n + 1);
            }
          });
      }
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(confirmed.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
      .isEqualTo(CHAINS * PER_CHAIN);
    List<List<Integer>> chains = received.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (List<Integer> chain : chains) {
      assertThat(chain).hasSize(PER_CHAIN).isSorted();
    }
  }
}
