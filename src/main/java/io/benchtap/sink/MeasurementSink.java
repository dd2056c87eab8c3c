package io.benchtap.sink;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * A destination of measurements. The pipeline acknowledges an MQTT message only after every
 * sink's {@link #write} future for its measurements has completed, so a sink that takes a batch
 * must hold it safely (buffer, retry, file) from then on.
 *
 * <p>Failure contract: {@link #write} never throws; a failed future means the sink could not take
 * the batch, and the sink counts that failure itself.
 */
public interface MeasurementSink {

  /** Short fixed name used in self-metrics and /health: prometheus, influx, file. */
  String name();

  /** Takes a batch; completes when the sink holds it. */
  Future<Void> write(List<Measurement> measurements, List<RunEvent> events);

  /** Current state for /health. */
  SinkHealth health();

  /** Flushes what is buffered and releases resources. */
  Future<Void> close();
}
