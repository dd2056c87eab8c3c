package io.benchtap.parse.support;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;
import static io.benchtap.model.Direction.HIGHER_IS_BETTER;
import static io.benchtap.model.Direction.LOWER_IS_BETTER;
import static io.benchtap.model.Direction.NEUTRAL;

import io.benchtap.model.MetricSpec;

/**
 * The metrics that more than one tool emits, declared once: one name is one Prometheus family, so
 * every parser that emits it lists the same spec in its {@code metrics()}. A metric of one tool
 * only is declared in that tool's parser.
 */
public final class CommonMetrics {
  private CommonMetrics() {}

  private static final String RUNNING_COUNT = ": final as printed for the run; interval a running count "
      + "since the run started (rate() and increase() work on it).";

  /** iperf3, iperf, nuttcp, netperf. */
  public static final MetricSpec THROUGHPUT = new MetricSpec("throughput_bytes_per_second", "bytes_per_second",
      HIGHER_IS_BETTER, SUM, "Network throughput in bytes per second (x 8 for bit/s).");
  /** iperf3, iperf, nuttcp. */
  public static final MetricSpec TRANSFERRED = new MetricSpec("transferred_bytes", "bytes", NEUTRAL, SUM,
      "Bytes a network test transferred, by direction.");
  /** iperf3, iperf, nuttcp. */
  public static final MetricSpec RETRANSMITS = new MetricSpec("retransmits_total", "count", LOWER_IS_BETTER, SUM,
      "TCP retransmits" + RUNNING_COUNT);
  /** iperf3, iperf. */
  public static final MetricSpec DATAGRAMS = new MetricSpec("datagrams_total", "count", NEUTRAL, SUM,
      "UDP datagrams" + RUNNING_COUNT);
  /** iperf3, iperf. */
  public static final MetricSpec DATAGRAMS_LOST = new MetricSpec("datagrams_lost_total", "count", LOWER_IS_BETTER, SUM,
      "UDP datagrams lost" + RUNNING_COUNT);
  /** iperf3, iperf, nuttcp. */
  public static final MetricSpec DATAGRAMS_LOST_RATIO = new MetricSpec("datagrams_lost_ratio", "ratio", LOWER_IS_BETTER,
      MEAN, "UDP datagrams lost as a share of those sent (lost / total).");
  /** iperf3, iperf. */
  public static final MetricSpec JITTER = new MetricSpec("jitter_seconds", "seconds", LOWER_IS_BETTER, MEAN,
      "UDP packet delay variation (jitter) as the receiver measured it.");
  /** iperf3, nuttcp, netperf (a side of the test), devhealth (the device). */
  public static final MetricSpec CPU_UTILIZATION = new MetricSpec("cpu_utilization_ratio", "ratio", NEUTRAL, MEAN,
      "CPU utilization as a ratio (percent / 100): of a network test's side, or of the device (devhealth).");
  /** nuttcp, netperf. */
  public static final MetricSpec ROUND_TRIP_LATENCY = new MetricSpec("round_trip_latency_seconds", "seconds",
      LOWER_IS_BETTER, MEAN, "Round-trip latency (1 / transactions per second for request/response tests).");
  /** sysbench, netperf. */
  public static final MetricSpec LATENCY = new MetricSpec("latency_seconds", "seconds", LOWER_IS_BETTER, MEAN,
      "Per-event latency; stat says which statistic (min, avg, max, sum, p95...).");
  /** sysbench, netperf. */
  public static final MetricSpec TRANSACTIONS = new MetricSpec("transactions_per_second", "per_second",
      HIGHER_IS_BETTER, SUM, "Transactions per second.");
  /** sysbench, hpl, perf. */
  public static final MetricSpec TOTAL_TIME = new MetricSpec("total_time_seconds", "seconds", LOWER_IS_BETTER, MEAN,
      "Wall time of a benchmark run.");

  /** The help text of a {@code _total} whose interval value is a running count: {@code what} + the rule. */
  public static String runningCount(String what) {
    return what + RUNNING_COUNT;
  }
}
