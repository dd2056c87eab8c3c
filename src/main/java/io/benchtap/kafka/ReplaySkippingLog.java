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
 * status and what it released. While {@link #status} is set (the offset of a status record
 * being handled), a batch the log then holds is recorded in the partition's {@link StatusLedger}
 * as soon as the log's write completes: before the log is closed at a revoke, so the next owner,
 * which waits for the log's lock, finds it there.
 */
final class ReplaySkippingLog implements MeasurementSink {
  private final MeasurementSink log;
  private final java.util.function.Supplier<StatusLedger> ledger;
  boolean skipping;
  long status = -1;

  ReplaySkippingLog(MeasurementSink log, java.util.function.Supplier<StatusLedger> ledger) {
    this.log = log;
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return log.name();
  }

  @Override
  public Future<Void> write(SinkBatch batch) {
    if (skipping) {
      return Future.succeededFuture();
    }
    Future<Void> written = log.write(batch);
    long offset = status;
    if (offset >= 0) {
      written.onSuccess(v -> ledger.get().add(offset));
    }
    return written;
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
