package io.benchtap.parse.support;

import io.benchtap.model.Phase;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running sums that turn the counts a tool prints per interval into counters. A metric named
 * {@code *_total} is exposed to Prometheus as a counter, but iperf3's {@code Retr}, the UDP
 * {@code Lost/Total} of iperf and iperf3, nuttcp's interval {@code retrans}, the counts of
 * {@code perf stat -I} and sysbench's checkpoint {@code total number of events} are the count of
 * one interval only: exposed as printed, the "counter" goes up and down and {@code rate()} on
 * it is meaningless. The parsers of those tools pass each interval count through {@link #add},
 * so the interval series is the number since the stream started, per benchmark, metric and
 * label set, and never decreases; a new run is a new stream and looks like a counter reset.
 * Final values are not touched (they are what the tool printed for the whole run).
 *
 * <p>One instance per stream; not thread-safe (a stream is parsed by one thread at a time).
 */
public final class IntervalTotals {

  private final Map<String, Double> sums = new HashMap<>();

  /** Whether a sample is summed: an interval value of a metric named {@code *_total}. */
  public static boolean applies(String metric, Phase phase) {
    return phase == Phase.INTERVAL && metric.endsWith("_total");
  }

  /**
   * Adds one interval's count (finite, not negative: callers drop other values before) to the
   * sum of its series and returns the new sum.
   */
  public double add(String benchmark, String metric, Map<String, String> labels, double count) {
    String key = benchmark + '|' + metric + new TreeMap<>(labels);
    return sums.merge(key, count, Double::sum);
  }
}
