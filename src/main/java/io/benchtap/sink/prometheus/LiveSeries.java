package io.benchtap.sink.prometheus;

import io.benchtap.model.Measurement;
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

  private record Key(String metric, Labels labels) {}

  private record Point(double value, long updatedNanos) {}

  private final Map<Key, Point> series = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final LongSupplier clock;

  public LiveSeries(Duration ttl, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.clock = nanoClock;
  }

  /** Records the latest values. Thread-safe, never blocks on a scrape. */
  public void update(List<Measurement> measurements) {
    long now = clock.getAsLong();
    for (Measurement m : measurements) {
      series.put(new Key(m.metric(), labels(m)), new Point(m.value(), now));
    }
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
    series.entrySet().removeIf(e -> now - e.getValue().updatedNanos() > ttlNanos);
    return before - series.size();
  }

  @Override
  public MetricSnapshots collect() {
    expire();
    Map<String, List<Map.Entry<Key, Point>>> byMetric = new TreeMap<>();
    for (Map.Entry<Key, Point> e : series.entrySet()) {
      byMetric.computeIfAbsent(e.getKey().metric(), k -> new ArrayList<>()).add(e);
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (Map.Entry<String, List<Map.Entry<Key, Point>>> e : byMetric.entrySet()) {
      String metric = e.getKey();
      String help = MetricCatalogHelp.help(metric);
      if (metric.endsWith("_total")) {
        CounterSnapshot.Builder b = CounterSnapshot.builder()
            .name(PREFIX + metric.substring(0, metric.length() - "_total".length())).help(help);
        for (Map.Entry<Key, Point> p : e.getValue()) {
          b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(p.getKey().labels()).value(Math.max(0, p.getValue().value())).build());
        }
        out.add(b.build());
      } else {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(PREFIX + metric).help(help);
        for (Map.Entry<Key, Point> p : e.getValue()) {
          b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(p.getKey().labels()).value(p.getValue().value()).build());
        }
        out.add(b.build());
      }
    }
    return new MetricSnapshots(out);
  }
}
