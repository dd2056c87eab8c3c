package io.benchtap.sink;

import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * A destination of measurements. The pipeline acknowledges an MQTT message only after every
 * sink's {@link #write} future for its batch has completed, so a completed write is a promise:
 * a {@linkplain #durable() durable} sink has the batch on disk (and fsync'd where configured) and
 * survives a crash of the process; the Prometheus sink holds live values in memory only.
 *
 * <p>Failure contract: {@link #write} never throws. While its destination fails (a full disk, an
 * unwritable directory) a durable sink keeps the batch, retries in order and completes the
 * future only once the batch is held: the message stays unacknowledged meanwhile, and the
 * broker's in-flight window makes that back-pressure. A failed future means the batch can never
 * be written (a bug, data the sink cannot encode); the sink counts it in
 * {@code benchtap_sink_failures_total}.
 */
public interface MeasurementSink {

  /** Short fixed name used in self-metrics and /health: prometheus, influx, file. */
  String name();

  /** Takes a batch; completes when the sink holds it (see the failure contract above). */
  Future<Void> write(SinkBatch batch);

  /** Takes measurements and events that no message stands behind (no marks). */
  default Future<Void> write(List<Measurement> measurements, List<RunEvent> events) {
    return write(SinkBatch.of(measurements, events));
  }

  /** Whether a completed write survives a crash of the process. */
  default boolean durable() {
    return false;
  }

  /**
   * The marks of messages this sink wrote since its last acknowledged point before this start
   * (read from its own files when it opened): the messages the broker may deliver again.
   */
  default Set<Mark> recovered() {
    return Set.of();
  }

  /** True while writes wait for the destination (retrying): results that can be recomputed are skipped then. */
  default boolean backlogged() {
    return false;
  }

  /** Current state for /health. */
  SinkHealth health();

  /** Writes what is pending and releases resources. */
  Future<Void> close();
}
