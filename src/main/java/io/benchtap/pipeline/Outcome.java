package io.benchtap.pipeline;

import io.benchtap.model.Mark;
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
 * @param marks the agent messages whose lines this outcome holds
 * @param skips parts of this outcome that some durable sinks already hold (messages written
 *     before a restart to some sinks only): those sinks do not get them again
 * @param self the mark of the message processed by this call, when it has one and was decoded
 * @param duplicate the message is a redelivery of {@code self}, already processed: it is done
 *     when that first copy is stored
 * @param releasedDuplicates messages that waited and turned out to be redeliveries: done when
 *     their first copies are stored
 */
public record Outcome(List<Measurement> measurements, List<RunEvent> events, List<Object> released, boolean held,
    List<Mark> marks, List<Skip> skips, Mark self, boolean duplicate, List<Dup> releasedDuplicates) {
  public static final Outcome EMPTY = new Outcome(List.of(), List.of());
  /** The message waits (for an earlier one of its stream, or for the stream's message in progress). */
  public static final Outcome HELD = held(null);

  /**
   * The measurements {@code [fromOut, toOut)} and events {@code [fromEvent, toEvent)} of one
   * message ({@code mark}) that the durable sinks with a bit set in {@code sinks} already hold.
   */
  public record Skip(int sinks, Mark mark, int fromOut, int toOut, int fromEvent, int toEvent) {}

  /** A waiting message ({@code token}) found to be a redelivery of {@code of}. */
  public record Dup(Object token, Mark of) {}

  public Outcome(List<Measurement> measurements, List<RunEvent> events) {
    this(measurements, events, List.of(), false, List.of(), List.of(), null, false, List.of());
  }

  /** The message of {@code self} (null when not decoded yet) waits. */
  public static Outcome held(Mark self) {
    return new Outcome(List.of(), List.of(), List.of(), true, List.of(), List.of(), self, false, List.of());
  }

  /** The message is a redelivery of {@code self}. */
  public static Outcome duplicate(Mark self) {
    return new Outcome(List.of(), List.of(), List.of(), false, List.of(), List.of(), self, true, List.of());
  }

  /** Nothing produced and nothing released. */
  public boolean isEmpty() {
    return measurements.isEmpty() && events.isEmpty() && released.isEmpty() && releasedDuplicates.isEmpty();
  }
}
