package io.benchtap.sink.file;

import io.benchtap.sink.SinkHealth;
import io.benchtap.sink.durable.AppendLog;
import io.benchtap.sink.durable.AppendLogSink;
import io.benchtap.sink.durable.LogPosition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends InfluxDB line protocol to a daily file {@code benchtap-YYYY-MM-DD.lp} (UTC) under the
 * configured directory, the default sink when no InfluxDB is configured: {@code influx write
 * --bucket B --file data/benchtap-2026-11-26.lp} loads it later (lines starting with {@code #}
 * are comments to it). Writes go through an {@link AppendLog}: a write completes when its lines
 * are on disk (forced to the device with {@code file.fsync}), and a write that fails is retried
 * until it succeeds, never dropped.
 */
public final class FileSink extends AppendLogSink {
  private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);
  private static final Pattern DAILY = Pattern.compile("benchtap-\\d{4}-\\d{2}-\\d{2}\\.lp");

  private final Vertx vertx;
  private final Path dir;
  private final Clock clock;
  private final AppendLog log;
  private final Counter lines;

  /**
   * Opens the sink: reads the marks written since the last acknowledged point and cuts off a write
   * that did not complete.
   *
   * @param unacked arrival time of the oldest unacknowledged message ({@code Unacked.NONE} without MQTT)
   * @throws IllegalStateException when the directory cannot be read
   */
  public FileSink(Vertx vertx, FileSinkConfig config, MeterRegistry registry, Clock clock, LongSupplier unacked) {
    super("file", registry);
    this.vertx = vertx;
    this.dir = config.dir();
    this.clock = clock;
    this.lines = Counter.builder("benchtap.sink.points").tag("sink", "file").description("Points written").register(registry);
    AppendLog.Layout layout = new AppendLog.Layout() {
      @Override
      public Path target(Instant now, Path last, long lastLength) {
        return fileOf(LocalDate.ofInstant(now, ZoneOffset.UTC));
      }

      @Override
      public List<Path> files() throws IOException {
        return AppendLog.Layout.matching(dir, DAILY);
      }
    };
    this.log = new AppendLog(new AppendLog.Options("file", dir, layout, config.fsync(), Duration.ofMillis(500),
        Duration.ofSeconds(10)), unacked, registry);
    try {
      AppendLog.Recovered r = open(log);
      if (!r.marks().isEmpty()) {
        LOG.info("file sink: {} message(s) written since {} may come again from the broker; they will not be written twice",
            r.marks().size(), r.from());
      }
    } catch (IOException e) {
      throw new IllegalStateException("file.dir " + dir + " is not usable: " + AppendLog.describe(e), e);
    }
  }

  @Override
  public boolean backlogged() {
    return log.failure() != null;
  }

  /** The file that today's lines go to. */
  public Path currentFile() {
    return fileOf(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  private Path fileOf(LocalDate day) {
    return dir.resolve("benchtap-" + day + ".lp");
  }

  @Override
  protected Future<Void> appended(LogPosition end, int points, long bytes) {
    lines.increment(points);
    return Future.succeededFuture();
  }

  @Override
  public SinkHealth health() {
    String err = log.failure();
    if (err != null) {
      return SinkHealth.down("cannot write " + currentFile() + " for " + Math.round(log.failingSeconds()) + " s (" + err + "); "
          + log.queued() + " batch(es) wait, their messages unacknowledged");
    }
    return SinkHealth.up("appending to " + currentFile());
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      log.close(Duration.ofSeconds(10));
      return null;
    }, false);
  }
}
