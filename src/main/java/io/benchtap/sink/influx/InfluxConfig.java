package io.benchtap.sink.influx;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import java.util.Set;

/**
 * The InfluxDB section ({@code influx.*}). {@link #url()} null disables the sink. The token is
 * read from {@code influx.tokenFile}, {@code influx.token} or BENCHTAP_INFLUX_TOKEN and never
 * appears in {@link #toString()}.
 *
 * @param ack {@code spool}: a write is held once it is in the local spool; {@code store}: once
 *     InfluxDB acknowledged it
 * @param fsync force each spool commit to the device before it counts as held
 * @param spoolMaxBytes the spool stops taking points beyond this (writes then wait, unacknowledged)
 */
public record InfluxConfig(
    String url,
    String org,
    String bucket,
    String token,
    int batchSize,
    int flushIntervalMs,
    int retryIntervalMs,
    int maxRetryDelayMs,
    String spoolDir,
    String ack,
    boolean fsync,
    long spoolMaxBytes) {

  public static InfluxConfig from(Cfg c) {
    String url = c.string("influx.url");
    if (url != null && !url.matches("https?://[^\\s/]+(/.*)?")) {
      throw new ConfigException("influx.url", "an http:// or https:// URL", url);
    }
    return new InfluxConfig(
        url,
        c.string("influx.org"),
        c.string("influx.bucket"),
        c.secret("influx.token", "influx.tokenFile"),
        c.integer("influx.batchSize", 1, 100_000),
        c.integer("influx.flushIntervalMs", 10, 600_000),
        c.integer("influx.retryIntervalMs", 10, 600_000),
        c.integer("influx.maxRetryDelayMs", 10, 3_600_000),
        c.string("influx.spoolDir"),
        c.choice("influx.ack", Set.of("spool", "store")),
        c.bool("influx.fsync"),
        c.longValue("influx.spoolMaxBytes", 1L << 20, 1L << 50));
  }

  public boolean enabled() {
    return url != null;
  }

  /** Whether a write is held only once InfluxDB acknowledged it. */
  public boolean storeAck() {
    return "store".equals(ack);
  }

  @Override
  public String toString() {
    return "InfluxConfig[" + url + ", org=" + org + ", bucket=" + bucket + ", ack=" + ack + ", token="
        + (token == null ? "unset" : "***") + "]";
  }
}
