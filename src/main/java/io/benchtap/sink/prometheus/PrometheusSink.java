package io.benchtap.sink.prometheus;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.List;

/**
 * Keeps the latest value of every benchmark series for Prometheus to scrape from /metrics.
 * Writing is a map update: the Prometheus side never blocks ingestion.
 */
public final class PrometheusSink implements MeasurementSink {
  private final LiveSeries live;

  public PrometheusSink(PrometheusMeterRegistry registry, PrometheusSinkConfig config) {
    this.live = new LiveSeries(config.seriesTtl(), System::nanoTime);
    registry.getPrometheusRegistry().register(live);
    registry.gauge("benchtap.series.live", live, LiveSeries::size);
  }

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public Future<Void> write(List<Measurement> measurements, List<RunEvent> events) {
    live.update(measurements);
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
