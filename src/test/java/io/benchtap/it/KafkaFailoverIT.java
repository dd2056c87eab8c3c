package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * benchtap spread over Kafka (docs/scale-out.md), every role a {@code benchtap serve} JVM of its
 * own against the real Mosquitto and the real single-node Kafka that bin/test starts: 2 bridges
 * on one shared subscription, 3 processors in one consumer group writing per-partition logs under
 * one data directory. In the middle of agent streams (with {@code seq} headers) one processor and
 * one bridge are SIGKILLed (the bridge comes back under its client id, as a supervisor restarts
 * it), later a processor joins: every value must be in the line-protocol files exactly once.
 * ({@link KafkaScaleIT} is the stricter test on bridge slots: real fixtures, compared line by line
 * with one instance.)
 */
class KafkaFailoverIT {
  private static final int STREAMS = 12;
  private static final int MESSAGES = 3000;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void killedProcessorAndBridgeLoseNothingAndStoreNothingTwice() throws Exception {
    String id = Long.toString(System.nanoTime(), 36);
    Path data = dir.resolve("data");
    String[] common = ItEnv.kafkaSettings(id, "kafka.shareGroup=it-" + id, "file.enabled=true", "file.dir=" + data);
    List<ServeProcess> all = new ArrayList<>();
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      List<ServeProcess> processors = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        processors.add(start(all, broker, "process-" + i, common, "kafka.roles=process", "mqtt.clientId=p" + i + "-" + id));
      }
      List<ServeProcess> bridges = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        bridges.add(start(all, broker, "bridge-" + i, common, "kafka.roles=bridge", "mqtt.clientId=b" + i + "-" + id));
      }
      try (AgentLoad load = AgentLoad.start(broker.port, "kafka-it-pub", "kafka", STREAMS, MESSAGES, 10, 10)) {
        ItEnv.await("a third published", Duration.ofSeconds(120), () -> load.published.get() >= MESSAGES / 3);
        processors.get(1).kill();
        bridges.get(1).kill();
        // A supervisor brings the bridge back under its client id: Mosquitto keeps its session's messages for it.
        bridges.set(1, start(all, broker, "bridge-2b", common, "kafka.roles=bridge", "mqtt.clientId=b2-" + id));
        ItEnv.await("two thirds published", Duration.ofSeconds(120), () -> load.published.get() >= 2 * MESSAGES / 3);
        processors.add(start(all, broker, "process-4", common, "kafka.roles=process", "mqtt.clientId=p4-" + id));
        load.awaitDone(240);
        assertThat(load.errors).isEmpty();
        StoredValues.Count files = StoredValues.settle(() -> StoredValues.inFiles(data, load.run, MESSAGES),
            Duration.ofSeconds(30), Duration.ofSeconds(240));
        assertThat(files.lost()).as("lost from the files: %s", files).isEmpty();
        assertThat(files.twice()).as("twice in the files: %s", files).isEmpty();
        System.out.printf("KafkaFailoverIT: files %s%n", files);
      }
    } finally {
      for (ServeProcess p : all) {
        p.close();
      }
    }
  }

  private ServeProcess start(List<ServeProcess> all, OwnMosquitto broker, String name, String[] common, String... more)
      throws Exception {
    return ServeProcess.startNamed(all, dir, broker.port, name, common, more);
  }
}
