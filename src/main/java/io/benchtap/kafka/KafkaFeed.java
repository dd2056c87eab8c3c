package io.benchtap.kafka;

import io.vertx.core.Handler;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;

/**
 * How benchtap's consumers take records: one poll's records at a time, every one of them handed
 * on, never the read stream's record handler.
 *
 * <p>vertx-kafka-client 5.0.7 hands a poll's records to a {@code handler} from an iterator it
 * keeps, a few at a time, and every {@code seek}/{@code seekToBeginning} sets that iterator to
 * null: the records of <em>other</em> partitions that were fetched but not yet handed on are
 * dropped, while the Kafka consumer's position for them is already past them. The processor
 * seeks whenever it takes a partition or sees a gap, so with the record handler a takeover could
 * lose the last records of a partition it kept owning (KafkaScaleIT saw it; KafkaFeedIT shows it
 * on the real Kafka). A {@code batchHandler} gets the whole poll and keeps no iterator, so a seek
 * loses nothing; records of a partition fetched before its seek took effect are the caller's to
 * skip (they are not at the offset it expects).
 */
public final class KafkaFeed {
  private KafkaFeed() {}

  /** Hands every record of every poll to {@code each}, in the poll's order. */
  public static <K, V> void everyRecord(KafkaConsumer<K, V> consumer, Handler<KafkaConsumerRecord<K, V>> each) {
    consumer.batchHandler((KafkaConsumerRecords<K, V> batch) -> {
      for (int i = 0; i < batch.size(); i++) {
        each.handle(batch.recordAt(i));
      }
    });
  }
}
