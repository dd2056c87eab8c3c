package io.benchtap.parse.sysbench;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import io.benchtap.parse.support.IntervalTotals;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns checked values into {@link Sample}s for one stream. Final values are emitted once per
 * metric and label set (sysbench 1.1 prints events per second twice, as {@code events per second}
 * and {@code events/s (eps)}; the first one wins). After a {@code FATAL} line nothing more is
 * emitted. A checkpoint report counts events since the previous checkpoint (sysbench resets its
 * cumulative counters at each one), so interval {@code events_total} is summed ({@link
 * IntervalTotals}).
 */
final class Emitter {

  static final String SECONDS = "seconds";
  static final String BYTES = "bytes";
  static final String BYTES_PER_SECOND = "bytes_per_second";
  static final String PER_SECOND = "per_second";
  static final String COUNT = "count";

  private final Set<String> finals = new HashSet<>();
  private final IntervalTotals totals = new IntervalTotals();
  private String benchmark;
  private final boolean benchmarkFixed;
  private boolean failed;
  private boolean checkpoint;

  Emitter(String benchmark) {
    this.benchmark = benchmark == null ? "unknown" : benchmark;
    this.benchmarkFixed = benchmark != null;
  }

  /** Names the benchmark from the output, unless the command line already did. */
  void infer(String name) {
    if (!benchmarkFixed && "unknown".equals(benchmark)) {
      benchmark = name;
    }
  }

  String benchmark() {
    return benchmark;
  }

  boolean failed() {
    return failed;
  }

  /** Marks the run failed; true the first time only. */
  boolean fail() {
    boolean first = !failed;
    failed = true;
    return first;
  }

  /**
   * Inside a {@code --report-checkpoints} report the summary block describes the time since the
   * previous checkpoint, not the run: its values are live (interval) values, and the real final
   * summary that follows must still be emitted as final.
   */
  void checkpoint(boolean inside) {
    checkpoint = inside;
  }

  void emit(ParseSink out, String metric, double value, String unit, Phase phase) {
    emit(out, metric, value, unit, phase, Map.of());
  }

  void emit(ParseSink out, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    if (failed || !Double.isFinite(value) || value < 0) {
      return;
    }
    if (phase == Phase.FINAL && checkpoint) {
      phase = Phase.INTERVAL;
    } else if (phase == Phase.FINAL && !finals.add(metric + labels)) {
      return;
    }
    double v = IntervalTotals.applies(metric, phase) ? totals.add(benchmark, metric, labels, value)
        : value;
    out.sample(new Sample(benchmark, metric, v, unit, phase, labels));
  }
}
