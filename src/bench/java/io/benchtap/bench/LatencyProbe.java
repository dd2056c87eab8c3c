package io.benchtap.bench;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.TimeSource;
import io.benchtap.pipeline.PipelineVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Listens on the in-process event-bus address {@link MeasurementBatch#ADDRESS}, where every
 * worker publishes what a message produced at the moment it hands it to the sinks, and records
 * for each measurement of the armed run the time from its device time (the agent header's
 * {@code t}, set when the bench built the message) to now: publish -&gt; broker -&gt; benchtap
 * ingest -&gt; worker -&gt; parsed and handed to the sinks. Same machine, same clock. In the open
 * loop the {@link Pacer} stamps each message with the moment it was due, not the moment it went
 * out, so a publisher held back (by its lead limit, or by a CPU taken elsewhere) counts as latency
 * instead of silently sending fewer messages (coordinated omission).
 */
final class LatencyProbe implements AutoCloseable {
  /** Percentiles of one phase, in milliseconds. */
  record Latency(long count, double p50, double p99, double max) {
    /** The percentiles of a histogram of microseconds; NaN when it is empty. */
    static Latency of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
    }
  }

  private final MessageConsumer<MeasurementBatch> consumer;
  private Histogram histogram = new Histogram(3);
  private String run;
  private long measurements;

  LatencyProbe(Vertx vertx) throws Exception {
    consumer = vertx.eventBus().localConsumer(MeasurementBatch.ADDRESS, m -> record(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void record(MeasurementBatch batch) {
    Instant now = Instant.now();
    synchronized (this) {
      if (run == null) {
        return;
      }
      for (Measurement m : batch.measurements()) {
        if (m.timeSource() != TimeSource.DEVICE || !run.equals(m.run())) {
          continue;
        }
        long micros = (now.getEpochSecond() - m.time().getEpochSecond()) * 1_000_000L
            + (now.getNano() - m.time().getNano()) / 1000;
        histogram.recordValue(Math.max(0, micros));
        measurements++;
      }
    }
  }

  /** Starts recording the measurements of {@code run} only, with an empty histogram. */
  synchronized void arm(String run) {
    this.run = run;
    this.histogram = new Histogram(3);
    this.measurements = 0;
  }

  synchronized Latency latency() {
    return Latency.of(histogram);
  }

  synchronized long measurements() {
    return measurements;
  }

  @Override
  public void close() {
    consumer.unregister();
  }
}
