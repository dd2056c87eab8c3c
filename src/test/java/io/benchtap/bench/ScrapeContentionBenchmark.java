package io.benchtap.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Does a scrape hold up the pipeline's updates of the live series? One thread updates a
 * {@code LiveSeries} of {@code series} live series as the Prometheus sink does (the groups of
 * {@link EncodeBenchmark.Live}, in turn), alone ({@code updateAlone}) and while a second thread
 * renders the exposition back to back ({@code whileScraping}: {@code update} and {@code scrape}
 * in one JMH group sharing the LiveSeries). {@code lock=whole-render} is the control: update and
 * render both take one lock, as they would if a render held a lock that the writers wait on; it
 * shows what the measurement looks like when writers do wait. Read the {@code update} rows:
 * throughput (groups per second) and, with {@code -bm sample}, the sampled call times.
 *
 * <p>Run with {@code bin/bench-encode} (it shares the build): e.g.
 * {@code BENCH_ENCODE_JMH_OPTS="-f 1 -wi 3 -w 2s -i 5 -r 2s" bin/bench-encode ScrapeContentionBenchmark -p series=50000}
 * (JMH runs every benchmark that matches either pattern; add {@code -e EncodeBenchmark} to run
 * this one alone). Never run by {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScrapeContentionBenchmark {

  /** Whether update and render share a lock (the control) or not (what LiveSeries does). */
  @State(Scope.Benchmark)
  public static class Guard {
    @Param({"none", "whole-render"})
    public String lock;

    boolean locked() {
      return lock.equals("whole-render");
    }
  }

  @Benchmark
  @Group("updateAlone")
  public int updateAlone(EncodeBenchmark.Live state) {
    return state.live.update(state.nextBatch());
  }

  @Benchmark
  @Group("whileScraping")
  @GroupThreads(1)
  public int update(EncodeBenchmark.Live state, Guard guard) {
    if (guard.locked()) {
      synchronized (state) {
        return state.live.update(state.nextBatch());
      }
    }
    return state.live.update(state.nextBatch());
  }

  @Benchmark
  @Group("whileScraping")
  @GroupThreads(1)
  public int scrape(EncodeBenchmark.Live state, Guard guard) {
    if (guard.locked()) {
      synchronized (state) {
        return state.registry.scrape("application/openmetrics-text").length();
      }
    }
    return state.registry.scrape("application/openmetrics-text").length();
  }
}
