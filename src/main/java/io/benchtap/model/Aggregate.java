package io.benchtap.model;

/**
 * How one repetition's value of a metric is formed from its parallel instances: the paper's
 * iperf3 figures (Figs 7–10) plot the aggregated throughput of all instances, its sysbench figure
 * the time each instance took. Throughput, bandwidth, FLOP/s, events per second and counts add
 * up; times, latencies, ratios and utilisations are averaged. Every metric's aggregate is
 * declared by the parser that emits it ({@link MetricSpec}).
 */
public enum Aggregate {
  /** The instances together (total throughput of the device). */
  SUM,
  /** What one instance sees, on average. */
  MEAN;

  /** The aggregate of the values of one repetition's instances. */
  public double of(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return this == SUM ? sum : sum / values.length;
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
