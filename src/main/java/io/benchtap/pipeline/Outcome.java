package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import java.util.List;

/**
 * What processing one message produced.
 *
 * @param released tokens of messages held earlier (out of {@code seq} order) that were processed
 *     now; their measurements are part of this outcome
 * @param held the message itself was held, waiting for an earlier {@code seq}: its token comes
 *     back in a later outcome's {@code released}
 */
public record Outcome(List<Measurement> measurements, List<RunEvent> events, List<Object> released, boolean held) {
  public static final Outcome EMPTY = new Outcome(List.of(), List.of());
  /** The message waits for an earlier one of its stream. */
  public static final Outcome HELD = new Outcome(List.of(), List.of(), List.of(), true);

  public Outcome(List<Measurement> measurements, List<RunEvent> events) {
    this(measurements, events, List.of(), false);
  }

  /** Nothing produced and nothing released. */
  public boolean isEmpty() {
    return measurements.isEmpty() && events.isEmpty() && released.isEmpty();
  }
}
