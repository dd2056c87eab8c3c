package io.benchtap.sink.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.sink.LineProtocol;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes measurements to InfluxDB 2 (or anything that speaks its /api/v2/write line protocol)
 * with influxdb-client-java's blocking write API on a sender thread of its own. Lines wait in a
 * {@link Spool}: in memory up to {@code influx.bufferLimit}, then on disk under
 * {@code influx.spoolDir}, so an InfluxDB that is away for minutes or hours loses nothing; they
 * are sent in order, in batches, and removed only once InfluxDB has acknowledged them. Failed
 * writes are retried with exponential backoff and jitter. The token is never logged.
 */
public final class InfluxSink implements MeasurementSink {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

  private final Vertx vertx;
  private final InfluxConfig config;
  private final InfluxDBClient client;
  private final WriteApiBlocking writeApi;
  private final Spool spool;
  private final Thread sender;
  private final Counter points;
  private final Counter writes;
  private final Counter retries;
  private final Counter spilled;
  private final Timer latency;
  private volatile boolean closing;
  private volatile String lastError;

  public InfluxSink(Vertx vertx, InfluxConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
        .url(config.url()).org(config.org()).bucket(config.bucket());
    if (config.token() != null) {
      options.authenticateToken(config.token().toCharArray());
    }
    this.client = InfluxDBClientFactory.create(options.build());
    this.writeApi = client.getWriteApiBlocking();
    try {
      this.spool = new Spool(Path.of(config.spoolDir()), config.bufferLimit());
    } catch (IOException e) {
      throw new IllegalStateException("influx.spoolDir " + config.spoolDir() + " is not usable: " + e.getMessage(), e);
    }
    this.points = counter(registry, "benchtap.sink.points", "Points handed to the sink");
    this.writes = counter(registry, "benchtap.sink.writes", "Batches the sink wrote successfully");
    // Nothing fails for good here: a failed write keeps its points (memory, then the disk spool)
    // and is retried, so failures stays 0 and the "measurements are being lost" alert is quiet.
    counter(registry, "benchtap.sink.failures", "Batches that failed for good (none: the points are kept and retried)");
    this.retries = counter(registry, "benchtap.sink.retries", "Failed batch writes; the points are kept and the write retried");
    this.spilled = counter(registry, "benchtap.sink.spilled", "Points that went to the disk spool");
    counter(registry, "benchtap.sink.backpressure", "Buffer full events (none: the spool goes to disk)");
    this.latency = Timer.builder("benchtap.sink.write").tag("sink", "influx").description("Time of one batch write").register(registry);
    registry.gauge("benchtap.queue.depth", Tags.of("queue", "influx"), spool, Spool::size);
    registry.gauge("benchtap.queue.depth", Tags.of("queue", "influx_disk"), spool, Spool::onDisk);
    if (spool.size() > 0) {
      LOG.info("influx sink: replaying {} point(s) spooled by an earlier run", spool.size());
    }
    this.sender = new Thread(this::sendLoop, "benchtap-influx-sender");
    sender.setDaemon(true);
    sender.start();
    LOG.info("influx sink: {} org={} bucket={} spool={}", config.url(), config.org(), config.bucket(), config.spoolDir());
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).tag("sink", "influx").description(description).register(registry);
  }

  private void sendLoop() {
    int attempt = 0;
    while (true) {
      try {
        List<String> batch = spool.peek(config.batchSize());
        if (batch.isEmpty()) {
          if (closing) {
            return;
          }
          Thread.sleep(Math.min(config.flushIntervalMs(), 200));
          continue;
        }
        long start = System.nanoTime();
        writeApi.writeRecords(WritePrecision.NS, batch);
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        spool.remove(batch.size());
        writes.increment();
        lastError = null;
        attempt = 0;
        if (batch.size() < config.batchSize() && !closing) {
          Thread.sleep(config.flushIntervalMs());
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        lastError = "spool: " + e.getMessage();
        LOG.error("influx sink spool failed: {}", e.toString());
        sleepQuietly(1000);
      } catch (RuntimeException e) {
        retries.increment();
        lastError = summary(e);
        if (attempt == 0) {
          LOG.warn("influx write to {} failed ({}); keeping {} point(s), retrying with backoff", config.url(), lastError, spool.size());
        }
        if (closing && attempt >= 2) {
          LOG.warn("influx sink closing with {} point(s) kept in {} for the next start", spool.size(), config.spoolDir());
          return;
        }
        long cap = Math.min(config.maxRetryDelayMs(), (long) config.retryIntervalMs() << Math.min(attempt, 16));
        attempt++;
        sleepQuietly(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String summary(Throwable t) {
    String msg = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ");
    return t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + (msg.length() > 200 ? msg.substring(0, 200) : msg));
  }

  @Override
  public String name() {
    return "influx";
  }

  @Override
  public Future<Void> write(List<Measurement> measurements, List<RunEvent> events) {
    if (measurements.isEmpty() && events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> lines = new ArrayList<>(measurements.size() + events.size());
    measurements.forEach(m -> lines.add(LineProtocol.line(m)));
    events.forEach(e -> lines.add(LineProtocol.point(e).toLineProtocol()));
    long onDiskBefore = spool.onDisk();
    // Appending to memory is cheap; a spill to disk is file I/O and must not run on the event loop.
    return vertx.<Void>executeBlocking(() -> {
      spool.add(lines);
      return null;
    }, true).onSuccess(v -> {
      points.increment(lines.size());
      if (spool.onDisk() > onDiskBefore) {
        spilled.increment(spool.onDisk() - onDiskBefore);
      }
    });
  }

  @Override
  public SinkHealth health() {
    String err = lastError;
    long queued = spool.size();
    return err == null ? SinkHealth.up(queued + " point(s) queued, " + spool.onDisk() + " on disk")
        : SinkHealth.down("last write failed: " + err + "; " + queued + " point(s) kept");
  }

  @Override
  public Future<Void> close() {
    closing = true;
    return vertx.executeBlocking(() -> {
      sender.join(TimeUnit.SECONDS.toMillis(30));
      if (sender.isAlive()) {
        sender.interrupt();
      }
      client.close();
      return null;
    });
  }
}
