package io.benchtap.sink.prometheus;

import io.benchtap.config.Cfg;
import java.time.Duration;

/** The Prometheus exposition section ({@code prometheus.*}). */
public record PrometheusSinkConfig(Duration seriesTtl, int maxSeries) {
  public static PrometheusSinkConfig from(Cfg c) {
    return new PrometheusSinkConfig(Duration.ofSeconds(c.longValue("prometheus.seriesTtlSeconds", 1, 30L * 86400)),
        c.integer("prometheus.maxSeries", 1, 100_000_000));
  }
}
