package io.benchtap.sink.prometheus;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.parse.MetricCatalog;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

  /**
   * One series: its Prometheus labels, built once, its latest value and when it was updated.
   * The expiry marks a series {@link #EXPIRED} by compare-and-set on that time before it takes it
   * out of the map, and an update moves the time forward by compare-and-set too: so an update and
   * the expiry of the same series never both succeed, and an update that loses starts the series
   * again instead of writing into one that is no longer in the map.
   */
  private static final class Series {
    /** The time of a series the expiry has taken (or is taking) out of the map. */
    static final long EXPIRED = Long.MIN_VALUE;
    private static final VarHandle UPDATED;

    static {
      try {
        UPDATED = MethodHandles.lookup().findVarHandle(Series.class, "updatedNanos", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Labels labels;
    volatile double value;
    private volatile long updatedNanos;

    Series(Labels labels, long now) {
      this.labels = labels;
      this.updatedNanos = now;
    }

    /** Records a value; false when the series has expired (the caller starts it again). */
    boolean update(double v, long now) {
      long t;
      do {
        t = updatedNanos;
        if (t == EXPIRED) {
          return false;
        }
      } while (!UPDATED.compareAndSet(this, t, Math.max(t, now)));
      value = v;
      return true;
    }

    /** Marks the series expired if it was not updated for longer than the TTL; true if it did. */
    boolean expireIfOlder(long now, long ttlNanos) {
      long t = updatedNanos;
      return t != EXPIRED && now - t > ttlNanos && UPDATED.compareAndSet(this, t, EXPIRED);
    }

    boolean expired() {
      return updatedNanos == EXPIRED;
    }
  }

  /**
   * The default of {@link #LiveSeries(Duration, LongSupplier, int)}'s limit and of
   * {@code prometheus.maxSeries}: the paper's whole campaign on four devices with every series
   * live at once (docs/configuration.md, SeriesBudgetTest).
   */
  public static final int DEFAULT_MAX_SERIES = 28_000;

  private final Map<Key, Series> series = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final LongSupplier clock;
  private final int maxSeries;
  private final LongAdder refused = new LongAdder();
  /** Where the HELP texts come from: what the parsers declare. */
  private final MetricCatalog catalog = MetricCatalog.standard();
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
   * Records the latest values. Thread-safe (the pipeline workers call it from their event loops),
   * and never waits for a scrape: the series are a concurrent map that {@link #collect()} reads
   * without a lock while updates go on.
   *
   * @return how many measurements were refused because they would start a series beyond the limit
   */
  public int update(List<Measurement> measurements) {
    long now = clock.getAsLong();
    int refusedNow = 0;
    for (Measurement m : measurements) {
      if (!record(m, now)) {
        refusedNow++;
      }
    }
    if (refusedNow > 0) {
      refused.add(refusedNow);
    }
    return refusedNow;
  }

  /** Records one measurement; false when it would start a series beyond the limit. */
  private boolean record(Measurement m, long now) {
    Key key = Key.of(m);
    while (true) {
      Series s = series.get(key);
      if (s == null) {
        if (series.size() >= maxSeries) {
          expireWhenFull(now);
          if (series.size() >= maxSeries) {
            return false;
          }
        }
        s = series.computeIfAbsent(key, k -> new Series(labels(m), now));
      }
      if (s.update(m.value(), now)) {
        return true;
      }
      // Expired between get and update: the expiry removes it (if it has not yet), this starts it again.
      series.remove(key, s);
    }
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
    series.values().removeIf(s -> s.expireIfOlder(now, ttlNanos));
    return before - series.size();
  }

  @Override
  public MetricSnapshots collect() {
    expire();
    Map<String, List<Series>> byMetric = new TreeMap<>();
    for (Map.Entry<Key, Series> e : series.entrySet()) {
      if (!e.getValue().expired()) {
        byMetric.computeIfAbsent(e.getKey().metric(), k -> new ArrayList<>()).add(e.getValue());
      }
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (Map.Entry<String, List<Series>> e : byMetric.entrySet()) {
      String metric = e.getKey();
      String help = catalog.help(metric);
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
