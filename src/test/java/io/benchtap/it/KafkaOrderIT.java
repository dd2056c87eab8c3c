package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.kafka.KafkaBridge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A processor given each stream's {@code started} status <em>after</em> the stream's first output
 * message, as Mosquitto can hand them to a bridge whose in-flight window is full (seen in
 * KafkaScaleIT under load: an iperf3 stream lost its direction because the late status reset the
 * parser). The records are written to the real Kafka of bin/test the way a bridge writes them;
 * one processor JVM reads them. Every stream's lines in its log must be what one pipeline makes of
 * the agent's order, and each stream's first output must have waited for its status.
 */
class KafkaOrderIT {
  private static final Path OUTPUTS = Path.of("src/test/resources/outputs").toAbsolutePath();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aStartedThatArrivesAfterTheFirstOutputChangesNothing() throws Exception {
    String id = Long.toString(System.nanoTime(), 36);
    FixtureStreams in = FixtureStreams.build(OUTPUTS, List.of("iperf3", "sysbench"), "odev-" + id, "ocamp-" + id, 5);
    String topic = "lines-" + id;
    Properties p = new Properties();
    p.put("bootstrap.servers", ItEnv.env("BENCHTAP_IT_KAFKA"));
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    List<FixtureStreams.Msg> swapped = startedAfterFirstOutput(in.script);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (FixtureStreams.Msg m : swapped) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, KafkaBridge.keyOf(m.topic()), m.payload());
        r.headers().add(KafkaBridge.TOPIC_HEADER, m.topic().getBytes(StandardCharsets.UTF_8));
        r.headers().add(KafkaBridge.ARRIVAL_HEADER, KafkaBridge.arrivalHeader(Instant.now()).getBytes(StandardCharsets.UTF_8));
        producer.send(r);
      }
      producer.flush();
    }
    Map<String, List<String>> want = KafkaScaleIT.byStream(new InOrderReference(in, KafkaScaleIT.analysisConfig()).lines, in.device);
    assertThat(want).hasSize(in.streams);
    Path data = dir.resolve("data");
    List<ServeProcess> all = new ArrayList<>();
    try {
      ServeProcess processor = ServeProcess.startNamed(all, dir, ItEnv.mqttPort(), "process",
          ItEnv.kafkaSettings(id, "kafka.reorderHoldMs=60000"), "kafka.roles=process", "file.enabled=true",
          "file.dir=" + data, "mqtt.clientId=o-" + id);
      try {
        ItEnv.await("every stream's lines in the processor's log", Duration.ofSeconds(120),
            () -> KafkaScaleIT.byStream(KafkaScaleIT.lines(data), in.device).size() == in.streams);
      } finally {
        Map<String, List<String>> got = KafkaScaleIT.byStream(KafkaScaleIT.lines(data), in.device);
        for (Map.Entry<String, List<String>> e : want.entrySet()) {
          assertThat(got.get(e.getKey())).as("lines of stream %s", e.getKey()).containsExactlyElementsOf(e.getValue());
        }
      }
      assertThat(processor.sample("benchtap_kafka_start_waited_total")).as("streams whose output waited for started")
          .isEqualTo(in.streams);
      assertThat(processor.sample("benchtap_kafka_start_wait_expired_total")).isZero();
      System.out.printf("KafkaOrderIT: %d streams, each with its started after its first output: lines equal to one"
          + " instance%n", in.streams);
    } finally {
      for (ServeProcess s : all) {
        s.close();
      }
    }
  }

  /** The script with each stream's {@code started} moved behind the stream's first output message. */
  private static List<FixtureStreams.Msg> startedAfterFirstOutput(List<FixtureStreams.Msg> script) {
    List<FixtureStreams.Msg> out = new ArrayList<>();
    Map<String, FixtureStreams.Msg> deferred = new HashMap<>();
    int moved = 0;
    for (FixtureStreams.Msg m : script) {
      String key = KafkaBridge.keyOf(m.topic());
      if (m.topic().endsWith("/status") && m.payload().contains("\"event\":\"started\"")) {
        deferred.put(key, m);
        continue;
      }
      out.add(m);
      FixtureStreams.Msg started = deferred.remove(key);
      if (started != null) {
        out.add(started);
        moved++;
      }
    }
    assertThat(deferred).as("a started without output after it").isEmpty();
    assertThat(moved).isPositive();
    return out;
  }
}
