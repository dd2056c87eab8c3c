package io.benchtap.parse.support;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Shared by the hpl, netperf and stream parsers. Turns checked values into {@link Sample}s for one stream: final values are emitted once per
 * benchmark, metric and label set (the first one wins), nothing negative or non-finite is ever
 * emitted, and after the run failed nothing more is emitted at all.
 */
public final class Emitter {

  public static final String SECONDS = "seconds";
  public static final String PER_SECOND = "per_second";
  public static final String RATIO = "ratio";
  public static final String COUNT = "count";
  public static final String BYTES_PER_SECOND = "bytes_per_second";

  private final Set<String> finals = new HashSet<>();
  private final boolean benchmarkFixed;
  private String benchmark;
  private boolean failed;

  public Emitter(String benchmark) {
    this.benchmark = benchmark == null ? "unknown" : benchmark;
    this.benchmarkFixed = benchmark != null;
  }

  /** Names the benchmark from the output, unless the command line or an earlier line did. */
  public void infer(String name) {
    if (!benchmarkFixed && name != null && "unknown".equals(benchmark)) {
      benchmark = name;
    }
  }

  public String benchmark() {
    return benchmark;
  }

  public boolean fixed() {
    return benchmarkFixed;
  }

  public boolean failed() {
    return failed;
  }

  /** Reports the failure once; true the first time only. */
  public boolean fail(ParseSink out, String reason) {
    if (failed) {
      return false;
    }
    failed = true;
    out.runFailed(reason.length() > 200 ? reason.substring(0, 200) : reason);
    return true;
  }

  public void emit(ParseSink out, String metric, double value, String unit, Phase phase) {
    emit(out, benchmark, metric, value, unit, phase, Map.of());
  }

  public void emit(ParseSink out, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    emit(out, benchmark, metric, value, unit, phase, labels);
  }

  public void emit(ParseSink out, String bench, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    if (failed || !Double.isFinite(value) || value < 0) {
      return;
    }
    if (phase == Phase.FINAL && !finals.add(bench + '|' + metric + new java.util.TreeMap<>(labels))) {
      return;
    }
    out.sample(new Sample(bench, metric, value, unit, phase, labels));
  }
}
