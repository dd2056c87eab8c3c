package io.benchtap.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka client settings shared by the roles, and creation of the topics they need. */
final class Clients {
  private static final Logger LOG = LoggerFactory.getLogger(Clients.class);

  /** Largest record: above the default pipeline.maxMessageBytes (4 MiB). */
  static final int MAX_BYTES = KafkaConfig.MAX_RECORD_BYTES;

  private Clients() {}

  /** A producer that waits for every in-sync replica, keeps order per partition and never writes a record twice itself. */
  static Map<String, String> producer(KafkaConfig c, String role) {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", c.bootstrapServers());
    p.put("client.id", "benchtap-" + role + "-" + ProcessHandle.current().pid());
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("max.in.flight.requests.per.connection", "5");
    p.put("linger.ms", "2");
    p.put("compression.type", "lz4");
    p.put("delivery.timeout.ms", "60000");
    // pipeline.maxMessageBytes is 4 MiB by default; the topics take as much (max.message.bytes).
    p.put("max.request.size", String.valueOf(MAX_BYTES));
    p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("value.serializer", "io.vertx.kafka.client.serialization.BufferSerializer");
    return p;
  }

  /** A consumer whose offsets only benchtap commits. */
  static Map<String, String> consumer(KafkaConfig c, String group, String role) {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", c.bootstrapServers());
    p.put("group.id", group);
    p.put("client.id", "benchtap-" + role + "-" + ProcessHandle.current().pid());
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    p.put("max.poll.records", "500");
    p.put("max.partition.fetch.bytes", String.valueOf(MAX_BYTES));
    // A killed member is noticed after this; its partitions wait that long.
    p.put("session.timeout.ms", "10000");
    p.put("heartbeat.interval.ms", "1000");
    p.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    p.put("value.deserializer", "io.vertx.kafka.client.serialization.BufferDeserializer");
    return p;
  }

  /** Creates the lines and results topics when missing (another instance may create them at the same time). */
  static Future<Void> ensureTopics(Vertx vertx, KafkaConfig c) {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", c.bootstrapServers());
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, p);
    return admin.listTopics().compose(existing -> {
      List<NewTopic> missing = new ArrayList<>();
      Map<String, String> cfg = Map.of("min.insync.replicas", String.valueOf(Math.min(2, c.replicationFactor())),
          "max.message.bytes", String.valueOf(MAX_BYTES));
      if (!existing.contains(c.linesTopic())) {
        missing.add(new NewTopic(c.linesTopic(), c.partitions(), c.replicationFactor()).setConfig(cfg));
      }
      if (!existing.contains(c.resultsTopic())) {
        // One partition: one analysis instance reads every result, in order.
        missing.add(new NewTopic(c.resultsTopic(), 1, c.replicationFactor()).setConfig(cfg));
      }
      if (missing.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      LOG.info("creating Kafka topics {}", missing.stream().map(NewTopic::getName).toList());
      return admin.createTopics(missing).recover(e -> e.getMessage() != null && e.getMessage().contains("already exists")
          ? Future.succeededFuture() : Future.failedFuture(e));
    }).eventually(() -> admin.close());
  }
}
