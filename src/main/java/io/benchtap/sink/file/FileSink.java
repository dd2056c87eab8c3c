package io.benchtap.sink.file;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.sink.LineProtocol;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends InfluxDB line protocol to a daily file {@code benchtap-YYYY-MM-DD.lp} (UTC) under the
 * configured directory, the default sink when no InfluxDB is configured: nothing is lost, and
 * {@code influx write --bucket B --file data/benchtap-2026-11-26.lp} loads it later. Writes run
 * on a worker thread, never on the event loop; each batch is flushed before its future completes.
 */
public final class FileSink implements MeasurementSink {
  private final Vertx vertx;
  private final Path dir;
  private final Clock clock;
  private final Counter writes;
  private final Counter failures;
  private final Counter lines;
  private final Timer latency;
  private LocalDate openDay;
  private Writer writer;
  private volatile String lastError;

  public FileSink(Vertx vertx, FileSinkConfig config, MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.dir = config.dir();
    this.clock = clock;
    this.writes = Counter.builder("benchtap.sink.writes").tag("sink", "file").description("Batches written").register(registry);
    this.failures = Counter.builder("benchtap.sink.failures").tag("sink", "file").description("Batches that failed").register(registry);
    this.lines = Counter.builder("benchtap.sink.points").tag("sink", "file").description("Points written").register(registry);
    this.latency = Timer.builder("benchtap.sink.write").tag("sink", "file").description("Time to write and flush a batch").register(registry);
  }

  @Override
  public String name() {
    return "file";
  }

  /** The file that today's lines go to. */
  public Path currentFile() {
    return dir.resolve("benchtap-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".lp");
  }

  @Override
  public Future<Void> write(List<Measurement> measurements, List<RunEvent> events) {
    if (measurements.isEmpty() && events.isEmpty()) {
      return Future.succeededFuture();
    }
    StringBuilder sb = new StringBuilder(measurements.size() * 160);
    for (Measurement m : measurements) {
      sb.append(LineProtocol.line(m)).append('\n');
    }
    for (RunEvent e : events) {
      sb.append(LineProtocol.point(e).toLineProtocol()).append('\n');
    }
    int count = measurements.size() + events.size();
    String text = sb.toString();
    return vertx.<Void>executeBlocking(() -> {
      long start = System.nanoTime();
      append(text);
      latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      return null;
    }, true).onSuccess(v -> {
      writes.increment();
      lines.increment(count);
      lastError = null;
    }).onFailure(e -> {
      failures.increment();
      lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
    });
  }

  private synchronized void append(String text) throws IOException {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (writer == null || !today.equals(openDay)) {
      if (writer != null) {
        writer.close();
      }
      Files.createDirectories(dir);
      writer = Files.newBufferedWriter(currentFile(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      openDay = today;
    }
    writer.write(text);
    writer.flush();
  }

  @Override
  public SinkHealth health() {
    String err = lastError;
    return err == null ? SinkHealth.up("appending to " + currentFile()) : SinkHealth.down("last write failed: " + err);
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        if (writer != null) {
          writer.close();
          writer = null;
        }
      }
      return null;
    });
  }
}
