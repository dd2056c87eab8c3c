package io.benchtap.sink.prometheus;

import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkBatch;
import io.benchtap.sink.SinkHealth;
import io.benchtap.log.RateLimitedLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest value of every benchmark series for Prometheus to scrape from /metrics.
 * Writing is a map update: the Prometheus side never blocks ingestion.
 */
public final class PrometheusSink implements MeasurementSink {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusSink.class);

  private final LiveSeries live;
  private final int maxSeries;
  private final RateLimitedLog limited = new RateLimitedLog(LOG, 1, System::nanoTime);

  public PrometheusSink(PrometheusMeterRegistry registry, PrometheusSinkConfig config) {
    this.live = new LiveSeries(config.seriesTtl(), System::nanoTime, config.maxSeries());
    this.maxSeries = config.maxSeries();
    registry.getPrometheusRegistry().register(live);
    registry.gauge("benchtap.series.live", live, LiveSeries::size);
    FunctionCounter.builder("benchtap.series.refused", live, LiveSeries::refused)
        .description("Measurements not exposed because their series would exceed prometheus.maxSeries").register(registry);
  }

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public Future<Void> write(SinkBatch batch) {
    if (live.update(batch.measurements()) > 0) {
      limited.warn("series limit", "prometheus.maxSeries (" + maxSeries + ") live series reached: new series are not exposed"
          + " until old ones expire (prometheus.seriesTtlSeconds); a label with unbounded values? See benchtap_series_refused_total");
    }
    return Future.succeededFuture();
  }

  @Override
  public SinkHealth health() {
    return SinkHealth.up(live.size() + " live series");
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
