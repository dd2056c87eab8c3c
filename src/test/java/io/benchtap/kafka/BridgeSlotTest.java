package io.benchtap.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchtap.serve.BenchtapConfig;
import io.benchtap.config.ConfigException;
import io.benchtap.config.ConfigLoader;
import io.benchtap.contract.InboundMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code kafka.bridgeSlot}: how bridges split the streams without a shared subscription. */
@ExtendWith(VertxExtension.class)
class BridgeSlotTest {
  private static KafkaConfig load(Vertx vertx, String slot) throws Exception {
    Map<String, String> flags = new HashMap<>(Map.of("kafka.bootstrapServers", "127.0.0.1:1", "kafka.roles", "bridge"));
    if (slot != null) {
      flags.put("kafka.bridgeSlot", slot);
    }
    try {
      return BenchtapConfig.from(ConfigLoader.load(vertx, null, flags, Map.of()).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS)).kafka();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void slotIsIOfNAndUnsetMeansSharedSubscription(Vertx vertx) throws Exception {
    KafkaConfig c = load(vertx, " 2/3 ");
    assertThat(c.slotted()).isTrue();
    assertThat(c.bridgeSlot()).isEqualTo(2);
    assertThat(c.bridgeSlots()).isEqualTo(3);
    assertThat(load(vertx, null).slotted()).isFalse();
    for (String bad : new String[] {"0/3", "4/3", "3", "a/b", "1/0"}) {
      assertThatThrownBy(() -> load(vertx, bad)).as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("kafka.bridgeSlot");
    }
  }

  @Test
  void everyStreamHasExactlyOneSlotAndItsStatusGoesWithIt() {
    int[] count = new int[4];
    for (int k = 0; k < 2000; k++) {
      String key = "benchtap/v1/dev-" + k + "/native/r1/sysbench/1";
      int s = KafkaBridge.slotOf(key, 3);
      assertThat(s).isBetween(1, 3);
      count[s]++;
      // out and status of one stream share the key, hence the slot.
      assertThat(KafkaBridge.keyOf(key + "/out")).isEqualTo(KafkaBridge.keyOf(key + "/status"));
    }
    // Kafka's murmur2 spreads 2000 streams over three slots roughly evenly.
    for (int s = 1; s <= 3; s++) {
      assertThat(count[s]).as("slot %d", s).isBetween(500, 840);
    }
  }

  @Test
  void aMessageOfAnotherSlotIsAcknowledgedWithoutProducing(Vertx vertx) throws Exception {
    KafkaConfig c = load(vertx, "1/2");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String foreign = null;
    for (int k = 0; foreign == null; k++) {
      String key = "benchtap/v1/dev-" + k + "/native/r1/sysbench/1";
      if (KafkaBridge.slotOf(key, 2) == 2) {
        foreign = key;
      }
    }
    String topic = foreign + "/out";
    Future<Void> done = vertx.getOrCreateContext().<KafkaBridge>executeBlocking(() -> new KafkaBridge(vertx, c, registry))
        .compose(b -> b.handle(new InboundMessage(topic, "x".getBytes(StandardCharsets.UTF_8), Instant.now())));
    // No broker listens on 127.0.0.1:1: a record produced would never complete.
    done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(registry.counter("benchtap.kafka.other.slot").count()).isEqualTo(1.0);
    assertThat(registry.counter("benchtap.kafka.produced", "topic", "lines").count()).isZero();
  }
}
