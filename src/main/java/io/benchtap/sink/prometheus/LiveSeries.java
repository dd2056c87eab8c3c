package io.benchtap.sink.prometheus;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The latest value of every benchmark series, exposed as {@code benchtap_<metric>} with the
 * identity labels (device, env, net, tool, benchmark, instance, phase) plus the metric's own.
 * Series not updated for the TTL are dropped at the next scrape, so /metrics does not grow over
 * days of runs. The run id is deliberately not a label: it is unbounded.
 *
 * <p>Metrics whose name ends in {@code _total} are counts and are exposed with the counter type
 * (the Prometheus client adds the suffix back); all others are gauges.
 */
public final class LiveSeries implements MultiCollector {
  /** Prefix of every exposed benchmark metric. */
  public static final String PREFIX = "benchtap_";

  /** Identity of a series, taken from a measurement's fields as they are (cheap to hash). */
  private record Key(String metric, String device, String env, String net, String tool, String benchmark,
      String instance, Phase phase, Map<String, String> labels) {
    static Key of(Measurement m) {
      return new Key(m.metric(), m.device(), m.env(), m.net(), m.tool(), m.benchmark(), m.instance(), m.phase(), m.labels());
    }
  }

  /** One series: its Prometheus labels, built once, and its latest value. */
  private static final class Series {
    final Labels labels;
    volatile double value;
    volatile long updatedNanos;

    Series(Labels labels) {
      this.labels = labels;
    }
  }

  /** The default of {@link #LiveSeries(Duration, LongSupplier, int)}'s limit. */
  public static final int DEFAULT_MAX_SERIES = 200_000;

  private final Map<Key, Series> series = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final LongSupplier clock;
  private final int maxSeries;
  private final LongAdder refused = new LongAdder();
  private volatile long lastFullExpiry = Long.MIN_VALUE;

  public LiveSeries(Duration ttl, LongSupplier nanoClock) {
    this(ttl, nanoClock, DEFAULT_MAX_SERIES);
  }

  /**
   * @param maxSeries at most this many live series: a new series beyond it is refused and
   *     counted ({@link #refused()}), existing ones keep updating. A guard against a label that
   *     turns out unbounded (perf's {@code event} takes whatever {@code -e} names).
   */
  public LiveSeries(Duration ttl, LongSupplier nanoClock, int maxSeries) {
    this.ttlNanos = ttl.toNanos();
    this.clock = nanoClock;
    this.maxSeries = maxSeries;
  }

  /**
   * Records the latest values. Thread-safe, never blocks on a scrape.
   *
   * @return how many measurements were refused because they would start a series beyond the limit
   */
  public int update(List<Measurement> measurements) {
    long now = clock.getAsLong();
    int refusedNow = 0;
    for (Measurement m : measurements) {
      Key key = Key.of(m);
      Series s = series.get(key);
      if (s == null) {
        if (series.size() >= maxSeries) {
          expireWhenFull(now);
          if (series.size() >= maxSeries) {
            refusedNow++;
            continue;
          }
        }
        s = series.computeIfAbsent(key, k -> new Series(labels(m)));
      }
      s.value = m.value();
      s.updatedNanos = now;
    }
    if (refusedNow > 0) {
      refused.add(refusedNow);
    }
    return refusedNow;
  }

  /** At the limit, drops expired series at once (at most once a second, it walks every series). */
  private void expireWhenFull(long now) {
    long last = lastFullExpiry;
    if (last != Long.MIN_VALUE && now - last < 1_000_000_000L) {
      return;
    }
    lastFullExpiry = now;
    expire();
  }

  /** Measurements refused so far because their series would have exceeded the limit. */
  public long refused() {
    return refused.sum();
  }

  static Labels labels(Measurement m) {
    Map<String, String> all = new TreeMap<>(m.labels());
    all.put("device", m.device());
    all.put("env", m.env());
    all.put("net", m.net());
    all.put("tool", m.tool());
    all.put("benchmark", m.benchmark());
    all.put("instance", m.instance());
    all.put("phase", m.phase().wire());
    return Labels.of(all.keySet().toArray(String[]::new), all.values().toArray(String[]::new));
  }

  /** Number of live series (a self-metric: cardinality). */
  public int size() {
    return series.size();
  }

  /** Drops series older than the TTL; returns how many. */
  public int expire() {
    long now = clock.getAsLong();
    int before = series.size();
    series.values().removeIf(s -> now - s.updatedNanos > ttlNanos);
    return before - series.size();
  }

  @Override
  public MetricSnapshots collect() {
    expire();
    Map<String, List<Series>> byMetric = new TreeMap<>();
    for (Map.Entry<Key, Series> e : series.entrySet()) {
      byMetric.computeIfAbsent(e.getKey().metric(), k -> new ArrayList<>()).add(e.getValue());
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (Map.Entry<String, List<Series>> e : byMetric.entrySet()) {
      String metric = e.getKey();
      String help = MetricCatalogHelp.help(metric);
      if (metric.endsWith("_total")) {
        CounterSnapshot.Builder b = CounterSnapshot.builder()
            .name(PREFIX + metric.substring(0, metric.length() - "_total".length())).help(help);
        for (Series p : e.getValue()) {
          b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(p.labels).value(Math.max(0, p.value)).build());
        }
        out.add(b.build());
      } else {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(PREFIX + metric).help(help);
        for (Series p : e.getValue()) {
          b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(p.labels).value(p.value).build());
        }
        out.add(b.build());
      }
    }
    return new MetricSnapshots(out);
  }
}
