package io.benchtap.sink.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApi;
import com.influxdb.client.WriteOptions;
import com.influxdb.client.write.Point;
import com.influxdb.client.write.events.BackpressureEvent;
import com.influxdb.client.write.events.WriteErrorEvent;
import com.influxdb.client.write.events.WriteRetriableErrorEvent;
import com.influxdb.client.write.events.WriteSuccessEvent;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.sink.LineProtocol;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes measurements to InfluxDB 2 (or anything that speaks its /api/v2/write line protocol)
 * through influxdb-client-java's non-blocking batching {@link WriteApi}: batches by size and
 * time, retries with exponential backoff and jitter, and holds a bounded buffer; when the buffer
 * overflows the oldest points are dropped and counted as backpressure. Every client event is a
 * self-metric. The token is never logged: only the URL, org and bucket are.
 */
public final class InfluxSink implements MeasurementSink {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

  private final Vertx vertx;
  private final InfluxDBClient client;
  private final WriteApi writeApi;
  private final Counter points;
  private final Counter writes;
  private final Counter failures;
  private final Counter retries;
  private final Counter backpressure;
  private final AtomicLong pending = new AtomicLong();
  private volatile String lastError;

  public InfluxSink(Vertx vertx, InfluxConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
        .url(config.url()).org(config.org()).bucket(config.bucket());
    if (config.token() != null) {
      options.authenticateToken(config.token().toCharArray());
    }
    this.client = InfluxDBClientFactory.create(options.build());
    this.writeApi = client.makeWriteApi(WriteOptions.builder()
        .batchSize(config.batchSize())
        .flushInterval(config.flushIntervalMs())
        .bufferLimit(config.bufferLimit())
        .retryInterval(config.retryIntervalMs())
        .maxRetries(config.maxRetries())
        .maxRetryDelay(config.maxRetryDelayMs())
        .exponentialBase(2)
        .jitterInterval(Math.min(1000, config.flushIntervalMs()))
        .backpressureStrategy(BackpressureOverflowStrategy.DROP_OLDEST)
        .build());
    this.points = counter(registry, "benchtap.sink.points", "Points handed to the sink");
    this.writes = counter(registry, "benchtap.sink.writes", "Batches the sink wrote successfully");
    this.failures = counter(registry, "benchtap.sink.failures", "Batches that failed for good");
    this.retries = counter(registry, "benchtap.sink.retries", "Batch writes that failed and are retried");
    this.backpressure = counter(registry, "benchtap.sink.backpressure", "Backpressure events: buffer full, oldest points dropped");
    registry.gauge("benchtap.queue.depth", List.of(io.micrometer.core.instrument.Tag.of("queue", "influx")), pending, AtomicLong::get);
    writeApi.listenEvents(WriteSuccessEvent.class, e -> {
      writes.increment();
      pending.addAndGet(-countLines(e.getLineProtocol()));
      lastError = null;
    });
    writeApi.listenEvents(WriteRetriableErrorEvent.class, e -> {
      retries.increment();
      lastError = summary(e.getThrowable());
    });
    writeApi.listenEvents(WriteErrorEvent.class, e -> {
      failures.increment();
      lastError = summary(e.getThrowable());
      LOG.warn("influx write to {} failed: {}", config.url(), lastError);
    });
    writeApi.listenEvents(BackpressureEvent.class, e -> {
      backpressure.increment();
      LOG.warn("influx sink backpressure ({}): buffer of {} points full, oldest dropped", e.getReason(), config.bufferLimit());
    });
    LOG.info("influx sink: {} org={} bucket={}", config.url(), config.org(), config.bucket());
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).tag("sink", "influx").description(description).register(registry);
  }

  private static long countLines(String lineProtocol) {
    if (lineProtocol == null || lineProtocol.isEmpty()) {
      return 0;
    }
    return lineProtocol.chars().filter(c -> c == '\n').count() + 1;
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
    List<Point> batch = new ArrayList<>(measurements.size() + events.size());
    measurements.forEach(m -> batch.add(LineProtocol.point(m)));
    events.forEach(e -> batch.add(LineProtocol.point(e)));
    // writePoints only enqueues into the client's bounded buffer; it does not do network I/O.
    writeApi.writePoints(batch);
    points.increment(batch.size());
    pending.addAndGet(batch.size());
    return Future.succeededFuture();
  }

  @Override
  public SinkHealth health() {
    String err = lastError;
    return err == null ? SinkHealth.up(pending.get() + " points pending") : SinkHealth.down("last write failed: " + err);
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      writeApi.flush();
      writeApi.close();
      client.close();
      return null;
    });
  }
}
