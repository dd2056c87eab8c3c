package io.benchtap.model;

/**
 * Which way is worse for a metric, so an overhead can be called an overhead whether the tool
 * reports a rate (higher is better) or a time (lower is better). The paper's %change is
 * (container − native) / native either way; the overhead flips its sign for rates.
 *
 * <p>Every metric's direction is declared by the parser that emits it ({@link MetricSpec}); none
 * is guessed from the name.
 */
public enum Direction {
  /** Throughput, events/s, FLOP/s, bandwidth. */
  HIGHER_IS_BETTER,
  /** Time, latency, loss, retransmits. */
  LOWER_IS_BETTER,
  /** No judgement (counts, utilisation): change is reported, overhead is not. */
  NEUTRAL;

  /** The overhead (positive = the container is worse) for a relative change. NaN when neutral. */
  public double overhead(double change) {
    return switch (this) {
      case HIGHER_IS_BETTER -> -change;
      case LOWER_IS_BETTER -> change;
      case NEUTRAL -> Double.NaN;
    };
  }

  /** The lower-case name used in JSON and reports. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
