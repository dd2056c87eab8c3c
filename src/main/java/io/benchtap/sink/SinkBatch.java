package io.benchtap.sink;

import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import java.util.List;

/**
 * What one or more processed messages hand to every sink: their measurements, run events, and
 * the {@link Mark}s of the agent messages among them. A durable sink writes the marks in the same
 * write as the data, so the marks say exactly which messages it holds.
 */
public record SinkBatch(List<Measurement> measurements, List<RunEvent> events, List<Mark> marks) {

  /** A batch of data that no MQTT message stands behind (analysis results, imports). */
  public static SinkBatch of(List<Measurement> measurements, List<RunEvent> events) {
    return new SinkBatch(measurements, events, List.of());
  }

  /** No measurements and no events (marks alone are not written). */
  public boolean isEmpty() {
    return measurements.isEmpty() && events.isEmpty();
  }
}
