package io.benchtap.parse.perf;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import io.benchtap.parse.support.IntervalTotals;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns checked values into {@link Sample}s for one perf stream: final values once per metric
 * and labels (the first wins, so with both task-clock and cpu-clock the task-clock's "CPUs
 * utilized" is the one kept), nothing after the run failed, never a NaN or negative value. With
 * {@code -I} perf prints each event's count of the interval, so interval {@code
 * perf_events_total} is summed ({@link IntervalTotals}); time events stay per-interval gauges.
 */
final class Emitter {

  private final Set<String> finals = new HashSet<>();
  private final IntervalTotals totals = new IntervalTotals();
  private final boolean benchmarkFixed;
  private String benchmark;
  private boolean failed;

  Emitter(String benchmark) {
    this.benchmarkFixed = benchmark != null;
    this.benchmark = benchmark == null ? "unknown" : benchmark;
  }

  void infer(String name) {
    if (!benchmarkFixed && "unknown".equals(benchmark) && name != null) {
      benchmark = name;
    }
  }

  boolean failed() {
    return failed;
  }

  boolean fail() {
    boolean first = !failed;
    failed = true;
    return first;
  }

  void emit(ParseSink out, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    if (failed || !Double.isFinite(value) || value < 0) {
      return;
    }
    if (phase == Phase.FINAL && !finals.add(metric + labels)) {
      return;
    }
    double v = IntervalTotals.applies(metric, phase) ? totals.add(benchmark, metric, labels, value)
        : value;
    out.sample(new Sample(benchmark, metric, v, unit, phase, labels));
  }
}
