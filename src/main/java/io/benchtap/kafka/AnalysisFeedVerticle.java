package io.benchtap.kafka;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.RunEvent;
import io.benchtap.pipeline.PipelineVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis role's input: reads the results topic from its beginning whenever it is assigned
 * (the analysis state lives in memory and is rebuilt from the whole topic), drops a final value or
 * run event it has taken already (a processor that took over a partition sends what it read again),
 * and publishes the rest on {@link MeasurementBatch#ADDRESS}, where the analyzer and the live
 * page take them as they take a local worker's batches.
 */
public final class AnalysisFeedVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisFeedVerticle.class);
  private final KafkaConfig kafka;
  private final Set<String> seen = new HashSet<>();
  private KafkaConsumer<String, Buffer> consumer;
  private long duplicates;

  public AnalysisFeedVerticle(KafkaConfig kafka) {
    this.kafka = kafka;
  }

  /** Results dropped because they had been taken already. */
  public long duplicates() {
    return duplicates;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, Clients.consumer(kafka, kafka.group() + "-analysis", "analysis"));
    KafkaFeed.everyRecord(consumer, this::onRecord);
    consumer.exceptionHandler(e -> LOG.warn("Kafka consumer: {}", e.toString()));
    consumer.partitionsAssignedHandler(set -> set.forEach(tp -> {
      LOG.info("results partition {} assigned: reading it from the beginning", tp.getPartition());
      consumer.seekToBeginning(tp);
    }));
    return Clients.ensureTopics(vertx, kafka).compose(v -> consumer.subscribe(kafka.resultsTopic()));
  }

  private void onRecord(KafkaConsumerRecord<String, Buffer> r) {
    List<Measurement> ms;
    List<RunEvent> events;
    try {
      io.vertx.core.json.JsonObject o = r.value().toJsonObject();
      ms = ResultsCodec.measurements(o);
      events = ResultsCodec.events(o);
    } catch (RuntimeException e) {
      LOG.warn("results offset {}: {}; skipped", r.offset(), e.getMessage());
      return;
    }
    List<Measurement> newMs = new ArrayList<>(ms.size());
    for (Measurement m : ms) {
      if (seen.add(identity(m))) {
        newMs.add(m);
      } else {
        duplicates++;
      }
    }
    List<RunEvent> newEvents = new ArrayList<>(events.size());
    for (RunEvent e : events) {
      if (seen.add(identity(e))) {
        newEvents.add(e);
      } else {
        duplicates++;
      }
    }
    if (!newMs.isEmpty() || !newEvents.isEmpty()) {
      vertx.eventBus().publish(MeasurementBatch.ADDRESS, new MeasurementBatch(newMs, newEvents));
    }
  }

  static String identity(Measurement m) {
    return "m|" + m.device() + "|" + m.env() + "|" + m.run() + "|" + m.tool() + "|" + m.instance() + "|" + m.benchmark()
        + "|" + m.metric() + "|" + m.labels() + "|" + ResultsCodec.nanos(m.time());
  }

  static String identity(RunEvent e) {
    return "e|" + e.key() + "|" + e.type() + "|" + ResultsCodec.nanos(e.time()) + "|" + e.reason();
  }

  @Override
  public Future<?> stop() {
    return consumer.close().recover(e -> Future.succeededFuture());
  }
}
