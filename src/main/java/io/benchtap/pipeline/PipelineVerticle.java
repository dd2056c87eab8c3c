package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.sink.MeasurementSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One pipeline worker: parses the streams whose key hashes to its index, in order, and hands the
 * results to every sink. It replies to the ingest verticle only when all sinks hold the
 * measurements; the ingest verticle acknowledges the MQTT message on that reply.
 */
public final class PipelineVerticle extends VerticleBase {
  /** Event-bus address prefix of the workers. */
  public static final String ADDRESS = "benchtap.pipeline.";
  /** Address where every produced batch is published for in-process listeners (live page, analysis). */
  public static final String MEASUREMENTS = "benchtap.measurements";

  private final int index;
  private final ParserRegistry parsers;
  private final PipelineConfig config;
  private final String topicPrefix;
  private final PipelineMetrics metrics;
  private final List<MeasurementSink> sinks;
  private StreamProcessor processor;
  private MessageConsumer<InboundMessage> consumer;
  private int lastOpen;

  public PipelineVerticle(int index, ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks) {
    this.index = index;
    this.parsers = parsers;
    this.config = config;
    this.topicPrefix = topicPrefix;
    this.metrics = metrics;
    this.sinks = List.copyOf(sinks);
  }

  /** The worker address for a topic: all topics of one stream go to the same worker. */
  public static String addressFor(String topic, int workers) {
    int slash = topic.lastIndexOf('/');
    String stream = slash > 0 ? topic.substring(0, slash) : topic;
    return ADDRESS + Math.floorMod(stream.hashCode(), workers);
  }

  @Override
  public Future<?> start() {
    processor = new StreamProcessor(parsers, config, topicPrefix, metrics);
    consumer = vertx.eventBus().localConsumer(ADDRESS + index, this::handle);
    long period = Math.max(1000, Math.min(30_000, config.streamTtl().toMillis() / 4));
    vertx.setPeriodic(period, id -> deliver(processor.expire(Instant.now())));
    return consumer.completion();
  }

  private void handle(Message<InboundMessage> msg) {
    InboundMessage in = msg.body();
    Outcome outcome = processor.process(in.topic(), in.payload(), in.arrival());
    deliver(outcome).onComplete(ar -> msg.reply(ar.succeeded()));
  }

  private Future<Void> deliver(Outcome outcome) {
    int open = processor.openStreams();
    if (open != lastOpen) {
      metrics.openStreamsDelta(open - lastOpen);
      lastOpen = open;
    }
    if (outcome.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Measurement> ms = outcome.measurements();
    List<RunEvent> events = outcome.events();
    List<Future<Void>> writes = new ArrayList<>(sinks.size());
    for (MeasurementSink sink : sinks) {
      Future<Void> f;
      try {
        f = sink.write(ms, events);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      writes.add(f);
    }
    vertx.eventBus().publish(MEASUREMENTS, new Batch(ms, events));
    return Future.join(writes).mapEmpty();
  }

  /** What one message produced, as published on {@link #MEASUREMENTS}. */
  public record Batch(List<Measurement> measurements, List<RunEvent> events) {}

  @Override
  public Future<?> stop() {
    // Flush what open streams buffered so a clean shutdown loses no final summary.
    Outcome rest = processor.closeAll(Instant.now());
    return deliver(rest).recover(e -> Future.succeededFuture()).compose(v -> consumer.unregister());
  }
}
