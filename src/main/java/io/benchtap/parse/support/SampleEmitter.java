package io.benchtap.parse.support;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one emitter of the tool parsers: turns checked values into {@link Sample}s for one stream.
 * The contract every tool shares: a final value is emitted once per metric and label set (the
 * first one wins), nothing negative or non-finite is ever emitted, and after the run failed
 * nothing more is emitted at all. Interval counts of metrics named {@code *_total} (iperf3's
 * {@code Retr}, UDP loss counts, nuttcp's {@code retrans}, {@code perf stat -I}, sysbench
 * checkpoints) are the count of one interval and become running sums ({@link IntervalTotals}).
 * Tools with more to track (nuttcp's direction, sysbench's checkpoint reports, the iperf tool name
 * in failure reasons) extend it.
 */
public class SampleEmitter {

  public static final String SECONDS = "seconds";
  public static final String PER_SECOND = "per_second";
  public static final String RATIO = "ratio";
  public static final String COUNT = "count";
  public static final String BYTES = "bytes";
  public static final String BYTES_PER_SECOND = "bytes_per_second";

  /** Failure reasons are cut to this many characters (one line, bounded). */
  public static final int MAX_REASON = 200;

  private final Set<String> finals = new HashSet<>();
  private final IntervalTotals totals = new IntervalTotals();
  private final boolean benchmarkFixed;
  private final boolean finalsPerBenchmark;
  private String benchmark;
  private boolean failed;

  /**
   * An emitter for one stream of {@code benchmark} (null: not known from the command line, named
   * {@code fallback} until the output names it). With {@code finalsPerBenchmark} a final value is
   * kept once per benchmark as well (a stream that emits for several benchmarks).
   */
  public SampleEmitter(String benchmark, String fallback, boolean finalsPerBenchmark) {
    this.benchmarkFixed = benchmark != null;
    this.benchmark = benchmarkFixed ? benchmark : fallback;
    this.finalsPerBenchmark = finalsPerBenchmark;
  }

  /** An emitter whose benchmark is {@code unknown} until the output names it. */
  public SampleEmitter(String benchmark) {
    this(benchmark, "unknown", false);
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

  /** Renames the benchmark unconditionally (for subclasses with their own naming rule). */
  protected void rename(String name) {
    benchmark = name;
  }

  /** Whether the command line named the benchmark. */
  public boolean fixed() {
    return benchmarkFixed;
  }

  /** Reports the failure once as {@code reason}, cut to {@link #MAX_REASON}; true the first time only. */
  public boolean fail(ParseSink out, String reason) {
    return fail(out, "", reason);
  }

  /** Reports the failure once as {@code prefix} and the cut {@code reason}; true the first time only. */
  public boolean fail(ParseSink out, String prefix, String reason) {
    if (failed) {
      return false;
    }
    failed = true;
    out.runFailed(prefix + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason));
    return true;
  }

  /** Whether the run failed: nothing more is emitted. */
  public boolean failed() {
    return failed;
  }

  public void emit(ParseSink out, String metric, double value, String unit, Phase phase) {
    emit(out, benchmark, metric, value, unit, phase, Map.of());
  }

  public void emit(ParseSink out, String metric, double value, String unit, Phase phase,
      Map<String, String> labels) {
    emit(out, benchmark, metric, value, unit, phase, labels);
  }

  /** Emits for a benchmark other than this stream's (STREAM's {@code stream2} lines). */
  public void emit(ParseSink out, String bench, String metric, double value, String unit,
      Phase phase, Map<String, String> labels) {
    if (failed || !Double.isFinite(value) || value < 0) {
      return;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    Phase p = phase(phase);
    if (p == Phase.FINAL
        && !finals.add((finalsPerBenchmark ? bench + '|' : "") + metric + new TreeMap<>(l))) {
      return;
    }
    double v = IntervalTotals.applies(metric, p) ? totals.add(bench, metric, l, value) : value;
    out.sample(new Sample(bench, metric, v, unit, p, l));
  }

  /**
   * The phase a value is emitted in; a subclass may turn a final value into an interval one
   * (which then skips the once-only rule).
   */
  protected Phase phase(Phase printed) {
    return printed;
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
