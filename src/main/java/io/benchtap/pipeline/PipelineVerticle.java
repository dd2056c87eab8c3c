package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.sink.MeasurementSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Hosts one {@link PipelineWorker} on an event loop of its own ({@code pipeline.workers} of them).
 * The ingest verticle routes every stream to one worker by a hash of its key ({@link #indexFor})
 * and hands it the message with {@code Context.runOnContext}; the worker answers the same way when
 * every sink holds the measurements, and only then is the message acknowledged.
 */
public final class PipelineVerticle extends VerticleBase {
  /** Address where every produced batch is published for in-process listeners (live page, analysis). */
  public static final String MEASUREMENTS = "benchtap.measurements";

  private final ParserRegistry parsers;
  private final PipelineConfig config;
  private final String topicPrefix;
  private final PipelineMetrics metrics;
  private final List<MeasurementSink> sinks;
  private volatile PipelineWorker worker;

  public PipelineVerticle(ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks) {
    this.parsers = parsers;
    this.config = config;
    this.topicPrefix = topicPrefix;
    this.metrics = metrics;
    this.sinks = List.copyOf(sinks);
  }

  /** The worker index of a topic: all topics of one stream go to the same worker. */
  public static int indexFor(String topic, int workers) {
    int slash = topic.lastIndexOf('/');
    int h = slash > 0 ? topic.substring(0, slash).hashCode() : topic.hashCode();
    return Math.floorMod(h, workers);
  }

  /** The worker, once started. */
  public PipelineWorker worker() {
    return worker;
  }

  @Override
  public Future<?> start() {
    worker = new PipelineWorker(vertx, parsers, config, topicPrefix, metrics, sinks);
    return Future.succeededFuture();
  }

  /** What one or more consecutive messages of a worker produced, as published on {@link #MEASUREMENTS}. */
  public record Batch(List<Measurement> measurements, List<RunEvent> events) {}

  @Override
  public Future<?> stop() {
    return worker.close();
  }
}
