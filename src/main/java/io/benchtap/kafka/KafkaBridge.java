package io.benchtap.kafka;

import io.benchtap.contract.MessageHandler;
import io.benchtap.contract.InboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bridge role: each MQTT message becomes one record of the lines topic, keyed by its stream
 * ({@link #keyOf}), the payload unchanged, the MQTT topic and the arrival time in headers. The
 * future the MQTT ingest waits for (before its PUBACK) completes when Kafka acknowledged the
 * record with {@code acks=all}. Keeps no state: a bridge can die at any time, the broker sends
 * what it had not acknowledged again.
 */
public final class KafkaBridge implements MessageHandler {
  /** Record header holding the MQTT topic. */
  public static final String TOPIC_HEADER = "topic";
  /** Record header holding the bridge's arrival time, epoch nanoseconds in decimal. */
  public static final String ARRIVAL_HEADER = "arrival";

  private final Context context;
  private final KafkaProducer<String, Buffer> producer;
  private final String topic;
  private final Counter produced;
  private final Counter failed;
  private final Counter others;
  private final int slot;
  private final int slots;

  /** Creates the bridge on the current context (the MQTT ingest's). */
  public KafkaBridge(Vertx vertx, KafkaConfig config, MeterRegistry registry) {
    this.context = vertx.getOrCreateContext();
    this.producer = KafkaProducer.create(vertx, Clients.producer(config, "bridge"));
    this.topic = config.linesTopic();
    this.slot = config.bridgeSlot();
    this.slots = config.bridgeSlots();
    this.others = Counter.builder("benchtap.kafka.other.slot")
        .description("MQTT messages of streams another bridge slot produces (kafka.bridgeSlot), acknowledged and left to it")
        .register(registry);
    this.produced = Counter.builder("benchtap.kafka.produced").tag("topic", "lines")
        .description("Records produced to Kafka and acknowledged (acks=all)").register(registry);
    this.failed = Counter.builder("benchtap.kafka.produce.failures").tag("topic", "lines")
        .description("Records Kafka did not take (the MQTT message stays unacknowledged)").register(registry);
  }

  /** The {@link #ARRIVAL_HEADER} value of an arrival time: epoch nanoseconds in decimal. */
  public static String arrivalHeader(java.time.Instant arrival) {
    return Long.toString(arrival.getEpochSecond() * 1_000_000_000L + arrival.getNano());
  }

  /** The record key of an MQTT topic: the topic without its last level (one key per stream). */
  public static String keyOf(String mqttTopic) {
    int slash = mqttTopic.lastIndexOf('/');
    return slash > 0 ? mqttTopic.substring(0, slash) : mqttTopic;
  }

  /**
   * The bridge slot (1..{@code slots}) that produces a stream: Kafka's own key hash
   * (murmur2), so the split is the same in every bridge.
   */
  public static int slotOf(String key, int slots) {
    return org.apache.kafka.common.utils.Utils.toPositive(
        org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % slots + 1;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Future<Void> handle(InboundMessage in) {
    String key = keyOf(in.topic());
    if (slots > 0 && slotOf(key, slots) != slot) {
      // Another bridge produces this stream; its own session holds the message for it.
      others.increment();
      return Future.succeededFuture();
    }
    KafkaProducerRecord<String, Buffer> record = KafkaProducerRecord.create(topic, key,
        Buffer.buffer(in.payload()), in.arrival().toEpochMilli(), null);
    record.addHeaders(List.of(KafkaHeader.header(TOPIC_HEADER, Buffer.buffer(in.topic().getBytes(StandardCharsets.UTF_8))),
        KafkaHeader.header(ARRIVAL_HEADER, arrivalHeader(in.arrival()))));
    return send(record, 0);
  }

  /**
   * Sends until Kafka takes the record: a Kafka that is away holds the PUBACK (and, through the
   * broker's in-flight window, the stream) instead of losing the message. Only a record Kafka
   * can never take (larger than its limit) fails, and is acknowledged and counted by the ingest.
   */
  private Future<Void> send(KafkaProducerRecord<String, Buffer> record, int attempt) {
    return producer.send(record).<Void>mapEmpty()
        .onSuccess(v -> produced.increment())
        .recover(e -> {
          failed.increment();
          if (e instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
            return Future.failedFuture(e);
          }
          io.vertx.core.Promise<Void> again = io.vertx.core.Promise.promise();
          context.owner().setTimer(Math.min(10_000, 500L << Math.min(attempt, 5)),
              id -> send(record, attempt + 1).onComplete(again));
          return again.future();
        });
  }

  @Override
  public Future<Void> close() {
    return producer.flush().compose(v -> producer.close());
  }
}
