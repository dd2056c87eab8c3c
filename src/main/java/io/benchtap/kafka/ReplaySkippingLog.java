package io.benchtap.kafka;

import io.benchtap.model.Mark;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkBatch;
import io.benchtap.sink.SinkHealth;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A partition's log as its pipeline worker sees it: the log itself, except while
 * {@link #skipping} is set (the processor sets it around a status record that {@link StatusLedger}
 * says the log holds already), when a batch is taken without being written. The worker writes a
 * message's output synchronously inside its {@code handle}, so the flag covers exactly that
 * status and what it released. While {@link #status} is set (the offset of a status record
 * being handled), every batch carries the status's {@link StatusLedger#mark}, so the log holds the
 * status's output and the fact that it holds it in one write.
 */
final class ReplaySkippingLog implements MeasurementSink {
  private final MeasurementSink log;
  private final int partition;
  boolean skipping;
  long status = -1;

  ReplaySkippingLog(MeasurementSink log, int partition) {
    this.log = log;
    this.partition = partition;
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
    if (status < 0) {
      return log.write(batch);
    }
    List<Mark> marks = new ArrayList<>(batch.marks().size() + 1);
    marks.addAll(batch.marks());
    marks.add(StatusLedger.mark(partition, status));
    return log.write(new SinkBatch(batch.measurements(), batch.events(), marks));
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
