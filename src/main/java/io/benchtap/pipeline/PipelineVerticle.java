package io.benchtap.pipeline;

import io.benchtap.model.Mark;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.sink.MeasurementSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hosts one {@link PipelineWorker} on an event loop of its own ({@code pipeline.workers} of them).
 * The ingest verticle routes every stream to one worker by a hash of its key ({@link #indexFor})
 * and hands it the message with {@code Context.runOnContext}; the worker answers the same way when
 * every sink holds the measurements, and only then is the message acknowledged.
 */
public final class PipelineVerticle extends VerticleBase {
  private final ParserRegistry parsers;
  private final PipelineConfig config;
  private final String topicPrefix;
  private final PipelineMetrics metrics;
  private final List<MeasurementSink> sinks;
  private final Map<Mark, Integer> recovered;
  private final Future<Void> closeAfter;
  private volatile PipelineWorker worker;
  private final io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();

  /**
   * @param recovered see {@link PipelineWorker}
   * @param closeAfter the worker closes only after this completes (the ingest has drained and
   *     disconnected), at most 30 s later: Vert.x stops a parent's children all at once
   */
  public PipelineVerticle(ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks, Map<Mark, Integer> recovered, Future<Void> closeAfter) {
    this.parsers = parsers;
    this.config = config;
    this.topicPrefix = topicPrefix;
    this.metrics = metrics;
    this.sinks = List.copyOf(sinks);
    this.recovered = recovered;
    this.closeAfter = closeAfter;
  }

  /** The worker index of a topic: all topics of one stream go to the same worker. */
  public static int indexFor(String topic, int workers) {
    int slash = topic.lastIndexOf('/');
    int h = slash > 0 ? topic.substring(0, slash).hashCode() : topic.hashCode();
    return Math.floorMod(h, workers);
  }

  /** The worker index of a stream, the same as {@link #indexFor(String, int)} of its topics. */
  public static int indexFor(String topicPrefix, io.benchtap.model.StreamKey key, int workers) {
    String base = topicPrefix + "/" + key.device() + "/" + key.env() + "/" + key.run() + "/" + key.tool() + "/" + key.instance();
    return Math.floorMod(base.hashCode(), workers);
  }

  /** The worker, once started. */
  public PipelineWorker worker() {
    return worker;
  }

  @Override
  public Future<?> start() {
    worker = new PipelineWorker(vertx, parsers, config, topicPrefix, metrics, sinks, recovered);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return closeAfter.timeout(30, TimeUnit.SECONDS).recover(e -> Future.succeededFuture()).compose(v -> worker.close())
        .onComplete(ar -> closed.tryComplete());
  }

  /** Completes when the worker has closed (its streams flushed into the sinks). */
  public Future<Void> closed() {
    return closed.future();
  }
}
