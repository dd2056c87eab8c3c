package io.benchtap.sink.influx;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;

/**
 * The InfluxDB section ({@code influx.*}). {@link #url()} null disables the sink. The token is
 * read from {@code influx.tokenFile}, {@code influx.token} or BENCHTAP_INFLUX_TOKEN and never
 * appears in {@link #toString()}.
 */
public record InfluxConfig(
    String url,
    String org,
    String bucket,
    String token,
    int batchSize,
    int flushIntervalMs,
    int bufferLimit,
    int retryIntervalMs,
    int maxRetryDelayMs,
    String spoolDir) {

  public static InfluxConfig from(Cfg c) {
    String url = c.string("influx.url");
    if (url != null && !url.matches("https?://[^\\s/]+(/.*)?")) {
      throw new ConfigException("influx.url", "an http:// or https:// URL", url);
    }
    InfluxConfig cfg = new InfluxConfig(
        url,
        c.string("influx.org"),
        c.string("influx.bucket"),
        c.secret("influx.token", "influx.tokenFile"),
        c.integer("influx.batchSize", 1, 100_000),
        c.integer("influx.flushIntervalMs", 10, 600_000),
        c.integer("influx.bufferLimit", 1, 10_000_000),
        c.integer("influx.retryIntervalMs", 10, 600_000),
        c.integer("influx.maxRetryDelayMs", 10, 3_600_000),
        c.string("influx.spoolDir"));
    if (url != null && cfg.bufferLimit < cfg.batchSize) {
      throw new ConfigException("influx.bufferLimit", "at least influx.batchSize (" + cfg.batchSize + ")", cfg.bufferLimit);
    }
    return cfg;
  }

  public boolean enabled() {
    return url != null;
  }

  @Override
  public String toString() {
    return "InfluxConfig[" + url + ", org=" + org + ", bucket=" + bucket + ", token=" + (token == null ? "unset" : "***") + "]";
  }
}
