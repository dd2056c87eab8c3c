package io.benchtap.sink.durable;

import io.benchtap.model.Mark;
import io.benchtap.sink.LineProtocol;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of the sinks that hold a write once it is in an {@link AppendLog} (the line-protocol
 * file, the InfluxDB spool): a write is the batch as line protocol, appended with its marks; the
 * marks the log recovered at start are this sink's {@link #recovered()}. A batch that cannot be
 * encoded is counted in {@code benchtap.sink.failures} and its write fails (never retried); one
 * that cannot be appended waits in the log, which retries it.
 */
public abstract class AppendLogSink implements MeasurementSink {
  private static final Logger LOG = LoggerFactory.getLogger(AppendLogSink.class);

  private final String name;
  private final Counter failures;
  private AppendLog log;
  private Set<Mark> recovered = Set.of();

  /** @param name the sink's name, also its {@code sink} tag on the self-metrics */
  protected AppendLogSink(String name, MeterRegistry registry) {
    this.name = name;
    this.failures = Counter.builder("benchtap.sink.failures").tag("sink", name)
        .description("Batches that could never be written (not retried)").register(registry);
  }

  /**
   * Opens {@code log} (reads the marks written since its horizon, cuts off a write that did not
   * complete); called once from the subclass's constructor, before any write.
   */
  protected final AppendLog.Recovered open(AppendLog log) throws IOException {
    this.log = log;
    AppendLog.Recovered r = log.open();
    this.recovered = Set.copyOf(r.marks());
    return r;
  }

  /**
   * What follows once a batch of {@code points} lines ({@code bytes} long) is in the log up to
   * {@code end}: the write completes with the returned future.
   */
  protected abstract Future<Void> appended(LogPosition end, int points, long bytes);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Future<Void> write(SinkBatch batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    byte[] data;
    try {
      data = LineProtocol.encode(batch.measurements(), batch.events());
    } catch (RuntimeException e) {
      failures.increment();
      LOG.error("{} sink: cannot encode a batch ({}); it is not written", name, e.toString());
      return Future.failedFuture(e);
    }
    int points = batch.measurements().size() + batch.events().size();
    return log.append(data, batch.marks()).compose(end -> appended(end, points, data.length));
  }

  @Override
  public final boolean durable() {
    return true;
  }

  @Override
  public final Set<Mark> recovered() {
    return recovered;
  }
}
