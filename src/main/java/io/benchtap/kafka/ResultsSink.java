package io.benchtap.kafka;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkBatch;
import io.benchtap.sink.SinkHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A processor's sink towards the analysis: the final values and run events of every batch go to
 * the results topic (keyed by stream), and a batch is held when Kafka acknowledged them
 * ({@code acks=all}); interval values stay with the processor. Not durable in the marks sense: a
 * replay after a rebalance sends results again, and the analysis instance drops what it has.
 */
public final class ResultsSink implements MeasurementSink {
  private final KafkaProducer<String, Buffer> producer;
  private final String topic;
  private volatile String failure;

  public ResultsSink(Vertx vertx, KafkaConfig config) {
    this.producer = KafkaProducer.create(vertx, Clients.producer(config, "results"));
    this.topic = config.resultsTopic();
  }

  @Override
  public String name() {
    return "results";
  }

  @Override
  public Future<Void> write(SinkBatch batch) {
    Map<String, List<Measurement>> finals = new LinkedHashMap<>();
    Map<String, List<RunEvent>> events = new LinkedHashMap<>();
    for (Measurement m : batch.measurements()) {
      if (m.phase() == Phase.FINAL) {
        finals.computeIfAbsent(m.device() + "/" + m.env() + "/" + m.run() + "/" + m.tool() + "/" + m.instance(),
            k -> new ArrayList<>()).add(m);
      }
    }
    for (RunEvent e : batch.events()) {
      events.computeIfAbsent(e.key().toString(), k -> new ArrayList<>()).add(e);
    }
    if (finals.isEmpty() && events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> sends = new ArrayList<>();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(events.keySet());
    keys.addAll(finals.keySet());
    for (String key : keys) {
      Buffer value = ResultsCodec.encode(finals.getOrDefault(key, List.of()), events.getOrDefault(key, List.of())).toBuffer();
      sends.add(producer.send(KafkaProducerRecord.create(topic, key, value)));
    }
    return Future.all(sends).<Void>mapEmpty()
        .onSuccess(v -> failure = null)
        .onFailure(e -> failure = e.toString());
  }

  @Override
  public SinkHealth health() {
    String f = failure;
    return f == null ? SinkHealth.up("producing to " + topic) : SinkHealth.down("cannot produce to " + topic + ": " + f);
  }

  @Override
  public Future<Void> close() {
    return producer.flush().compose(v -> producer.close());
  }
}
