package io.benchtap.kafka;

import io.benchtap.model.Mark;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkBatch;
import io.benchtap.sink.SinkHealth;
import io.vertx.core.Future;
import java.util.Set;

/**
 * A partition's log as its pipeline worker sees it: the log itself, except while
 * {@link #skipping} is set (the processor sets it around a status record that {@link StatusLedger}
 * says the log holds already), when a batch is taken without being written. The worker writes a
 * message's output synchronously inside its {@code handle}, so the flag covers exactly that
 * status and what it released.
 */
final class ReplaySkippingLog implements MeasurementSink {
  private final MeasurementSink log;
  boolean skipping;

  ReplaySkippingLog(MeasurementSink log) {
    this.log = log;
  }

  @Override
  public String name() {
    return log.name();
  }

  @Override
  public Future<Void> write(SinkBatch batch) {
    return skipping ? Future.succeededFuture() : log.write(batch);
  }

  @Override
  public boolean durable() {
    return log.durable();
  }

  @Override
  public Set<Mark> recovered() {
    return log.recovered();
  }

  @Override
  public boolean backlogged() {
    return log.backlogged();
  }

  @Override
  public SinkHealth health() {
    return log.health();
  }

  @Override
  public Future<Void> close() {
    return log.close();
  }
}
