package io.benchtap.parse.support;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Shared by the iperf (2) and iperf3 parsers. Turns checked values into {@link Sample}s for one stream: drops NaN, infinite and negative
 * values, emits each final metric and label set once, and emits nothing after the run failed.
 * Interval counts ({@code retransmits_total}, {@code datagrams_total}, {@code
 * datagrams_lost_total}: both tools print the count of the interval) become running sums
 * ({@link IntervalTotals}).
 */
public final class IperfEmitter {

  public static final String BYTES_PER_SECOND = "bytes_per_second";
  public static final String BYTES = "bytes";
  public static final String SECONDS = "seconds";
  public static final String COUNT = "count";
  public static final String RATIO = "ratio";

  private final Set<String> finals = new HashSet<>();
  private final IntervalTotals totals = new IntervalTotals();
  private final boolean benchmarkFixed;
  private String benchmark;
  private boolean failed;

  private final String tool;

  /** An emitter for one stream of {@code tool} (iperf or iperf3; named in failure reasons). */
  public IperfEmitter(String tool, String benchmark) {
    this.tool = tool;
    this.benchmark = benchmark == null ? "unknown" : benchmark;
    this.benchmarkFixed = benchmark != null;
  }

  /** Names the benchmark from the output, unless the command line already did. */
  public void infer(String name) {
    if (!benchmarkFixed && name != null) {
      benchmark = name;
    }
  }

  public boolean failed() {
    return failed;
  }

  /** Reports the failure once; true the first time. */
  public boolean fail(ParseSink out, String reason) {
    if (failed) {
      return false;
    }
    failed = true;
    String r = reason == null ? "" : reason.strip();
    out.runFailed(tool + " error: " + (r.length() > 200 ? r.substring(0, 200) : r));
    return true;
  }

  public void emit(ParseSink out, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    if (failed || !Double.isFinite(value) || value < 0) {
      return;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (phase == Phase.FINAL && !finals.add(metric + new java.util.TreeMap<>(l))) {
      return;
    }
    double v = IntervalTotals.applies(metric, phase) ? totals.add(benchmark, metric, l, value) : value;
    out.sample(new Sample(benchmark, metric, v, unit, phase, l));
  }

  /** A small ordered label map without null values. */
  public static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put(kv[i], kv[i + 1]);
      }
    }
    return m;
  }
}
