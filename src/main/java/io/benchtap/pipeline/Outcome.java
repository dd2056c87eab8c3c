package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import java.util.List;

/** What processing one message produced. */
public record Outcome(List<Measurement> measurements, List<RunEvent> events) {
  public static final Outcome EMPTY = new Outcome(List.of(), List.of());

  public boolean isEmpty() {
    return measurements.isEmpty() && events.isEmpty();
  }
}
