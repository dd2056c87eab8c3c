package io.benchtap.analyze;

/**
 * Which way is worse for a metric, so an overhead can be called an overhead whether the tool
 * reports a rate (higher is better) or a time (lower is better). The paper's %change is
 * (container − native) / native either way; the overhead flips its sign for rates.
 */
public enum Direction {
  /** Throughput, events/s, FLOP/s, bandwidth. */
  HIGHER_IS_BETTER,
  /** Time, latency, loss, retransmits. */
  LOWER_IS_BETTER,
  /** No judgement (counts, utilisation): change is reported, overhead is not. */
  NEUTRAL;

  /** The direction of a metric from its name (catalog in docs/metrics.md). */
  public static Direction of(String metric) {
    if (metric.endsWith("_per_second") || metric.startsWith("flops") || metric.contains("bandwidth")
        || metric.contains("throughput")) {
      return HIGHER_IS_BETTER;
    }
    if (metric.endsWith("_seconds") || metric.equals("datagrams_lost_ratio") || metric.equals("retransmits_total")
        || metric.equals("datagrams_lost_total")) {
      return LOWER_IS_BETTER;
    }
    return NEUTRAL;
  }

  /** The overhead (positive = the container is worse) for a relative change. NaN when neutral. */
  public double overhead(double change) {
    return switch (this) {
      case HIGHER_IS_BETTER -> -change;
      case LOWER_IS_BETTER -> change;
      case NEUTRAL -> Double.NaN;
    };
  }
}
