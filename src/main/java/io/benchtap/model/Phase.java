package io.benchtap.model;

/**
 * Whether a value comes from a live interval report printed while the benchmark runs, or from
 * the summary printed at its end. Dashboards show the two apart: a new run's first interval
 * must never overwrite the final result of the previous run.
 */
public enum Phase {
  /** A live value from an interval report line (sysbench {@code --report-interval}, iperf3 intervals). */
  INTERVAL,
  /** A value from the end-of-run summary. */
  FINAL;

  /** The lower-case name used on the wire, in labels and in JSON. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
