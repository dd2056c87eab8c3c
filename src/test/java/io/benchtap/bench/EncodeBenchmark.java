package io.benchtap.bench;

import io.benchtap.model.Measurement;
import io.benchtap.sink.LineProtocol;
import io.benchtap.sink.prometheus.LiveSeries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The encoding side of the sinks, on real parser output ({@link FixtureMeasurements}: every
 * fixture of every parser, one group per output line):
 *
 * <ul>
 *   <li>{@code update}: {@link LiveSeries#update} of one line's group, as the Prometheus sink's
 *       {@code write} does, the groups in turn, into a LiveSeries already holding {@code series}
 *       live series (all its series exist: the steady state). Auxiliary counter
 *       {@code measurements}: measurements recorded per second.
 *   <li>{@code scrape}: {@link PrometheusMeterRegistry#scrape(String)} with the LiveSeries
 *       registered on its {@code getPrometheusRegistry()} and the {@code benchtap_series_live}
 *       gauge beside it, as {@code PrometheusSink} wires them, for {@code series} live series in
 *       the format {@code format} (the Prometheus server asks for OpenMetrics; {@code text/plain}
 *       is version 0.0.4). Counters {@code series} (series exposed per second) and
 *       {@code scrapeBytes}.
 *   <li>{@code lineProtocol}: {@link LineProtocol#line} of every measurement of the corpus, one
 *       newline-terminated {@code String} per group, built as the file sink builds a batch (the InfluxDB sink
 *       calls the same method per measurement). Counters {@code lines} and {@code lineBytes} per
 *       second.
 * </ul>
 *
 * <p>The series are the corpus's distinct series repeated over devices {@code dev-0000},
 * {@code dev-0001}, ..., cut at exactly {@code series} (setup fails otherwise). The TTL is a day,
 * so nothing expires during a run (each scrape still does the expiry pass). Bytes are counted as
 * {@code String.length()}: both encodings are ASCII here. Only public APIs of the sink classes are
 * used. Run with {@code bin/bench-encode}; never run by {@code mvn verify}
 * ({@code EncodeBenchmarkStatesTest} checks its set-up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeBenchmark {

  /** A LiveSeries with {@code series} live series and the registry that exposes it. */
  @State(Scope.Benchmark)
  public static class Live {
    @Param({"1000", "10000"})
    public int series;

    LiveSeries live;
    PrometheusMeterRegistry registry;
    /** The groups that address exactly the live series, devices in turn. */
    List<List<Measurement>> batches;
    private int next;

    @Setup(Level.Trial)
    public void fill() throws IOException, URISyntaxException {
      List<List<Measurement>> corpus = FixtureMeasurements.byLine();
      live = new LiveSeries(Duration.ofDays(1), System::nanoTime, Integer.MAX_VALUE);
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      registry.getPrometheusRegistry().register(live);
      registry.gauge("benchtap.series.live", live, LiveSeries::size);
      batches = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (int copy = 0; keys.size() < series; copy++) {
        String device = String.format("dev-%04d", copy);
        for (List<Measurement> group : corpus) {
          List<Measurement> batch = new ArrayList<>(group.size());
          for (Measurement m : group) {
            Measurement d = FixtureMeasurements.onDevice(m, device);
            String key = FixtureMeasurements.seriesKey(d);
            if (keys.contains(key) || keys.size() < series) {
              keys.add(key);
              batch.add(d);
            }
          }
          if (!batch.isEmpty()) {
            batches.add(List.copyOf(batch));
          }
        }
      }
      batches.forEach(live::update);
      if (live.size() != series) {
        throw new IllegalStateException("set up " + live.size() + " live series, wanted " + series);
      }
    }

    List<Measurement> nextBatch() {
      List<Measurement> b = batches.get(next);
      next = next + 1 == batches.size() ? 0 : next + 1;
      return b;
    }
  }

  /** The exposition format a scraper asks for (the Accept header). */
  @State(Scope.Benchmark)
  public static class Format {
    @Param({"application/openmetrics-text", "text/plain"})
    public String format;
  }

  /** Every measurement of the corpus, one group per output line. */
  @State(Scope.Benchmark)
  public static class Corpus {
    List<List<Measurement>> groups;

    @Setup(Level.Trial)
    public void load() throws IOException, URISyntaxException {
      groups = FixtureMeasurements.byLine();
    }
  }

  /** Measurements recorded, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Updated {
    public long measurements;

    @Setup(Level.Iteration)
    public void reset() {
      measurements = 0;
    }
  }

  /** Series and bytes exposed, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Scraped {
    public long series;
    public long scrapeBytes;

    @Setup(Level.Iteration)
    public void reset() {
      series = 0;
      scrapeBytes = 0;
    }
  }

  /** Lines and bytes of line protocol written, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Encoded {
    public long lines;
    public long lineBytes;

    @Setup(Level.Iteration)
    public void reset() {
      lines = 0;
      lineBytes = 0;
    }
  }

  @Benchmark
  public int update(Live state, Updated counter) {
    List<Measurement> batch = state.nextBatch();
    state.live.update(batch);
    counter.measurements += batch.size();
    return batch.size();
  }

  @Benchmark
  public int scrape(Live state, Format format, Scraped counter) {
    String body = state.registry.scrape(format.format);
    counter.series += state.series;
    counter.scrapeBytes += body.length();
    return body.length();
  }

  @Benchmark
  public long lineProtocol(Corpus corpus, Encoded counter) {
    long bytes = 0;
    for (List<Measurement> group : corpus.groups) {
      StringBuilder sb = new StringBuilder(group.size() * 160);
      for (Measurement m : group) {
        sb.append(LineProtocol.line(m)).append('\n');
      }
      bytes += sb.toString().length();
      counter.lines += group.size();
    }
    counter.lineBytes += bytes;
    return bytes;
  }
}
