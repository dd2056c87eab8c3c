package io.benchtap.analyze;

import io.benchtap.analyze.stats.Comparisons;
import io.benchtap.analyze.stats.MannWhitney;
import io.benchtap.model.Aggregate;
import io.benchtap.model.Direction;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.parse.MetricCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pairs every container result with its native baseline and keeps the statistics of both, live,
 * as results arrive (plain Java; one thread at a time).
 *
 * <p><b>Observations.</b> One observation of a cell is one <em>repetition</em>: a run (run id)
 * with its N parallel instances, whose final values are combined by the metric's declared
 * {@link Aggregate} (summed for throughput, averaged for times) once all N instances reported;
 * a run some instances of which never report stays out (counted as incomplete). Runs are grouped
 * by campaign (the {@code campaign} label of the {@code started} event, else the run id) and the
 * instance count N comes from the {@code started} event (1 without one).
 *
 * <p><b>Verdicts.</b> The container cells of one campaign are judged together
 * ({@link Comparisons}): a minimum number of repetitions per side, Welch's test with the
 * Benjamini–Hochberg correction over the campaign's cells, and Fieller's interval of the change
 * at the level that matches the correction, so interval, p and "significant" agree.
 */
public final class OverheadAnalyzer {
  /** Each metric's direction and aggregate, as the parsers declare them. */
  private static final MetricCatalog METRICS = MetricCatalog.standard();
  /** What a {@code started} event told about a stream. */
  private record StreamInfo(int instances, String campaign) {}

  /** Repetition values of one cell in one campaign, in arrival order. */
  static final class Series {
    final List<Double> values = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    final Instant first;
    int incomplete;

    Series(Instant first) {
      this.first = first;
    }

    double[] array() {
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  /** The final values of one run's instances for one cell, until all of them are there. */
  private static final class Pending {
    final Map<String, Double> byInstance = new TreeMap<>();
    final Instant first;

    Pending(Instant first) {
      this.first = first;
    }
  }

  private record PendingKey(CellKey cell, String campaign, String run) {}

  private static final int MAX_PENDING = 100_000;

  private final AnalysisConfig config;
  private final Map<StreamKey, StreamInfo> streams = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<StreamKey, StreamInfo> e) {
      return size() > 100_000;
    }
  };
  private final Map<CellKey, LinkedHashMap<String, Series>> cells = new HashMap<>();
  private final LinkedHashMap<PendingKey, Pending> pending = new LinkedHashMap<>();
  private boolean dirty;

  public OverheadAnalyzer(AnalysisConfig config) {
    this.config = config;
  }

  /** Takes a run lifecycle event (instances and campaign of a stream). */
  public void accept(RunEvent e) {
    if (e.type() == RunEvent.Type.STARTED) {
      String campaign = e.labels().getOrDefault("campaign", e.key().run());
      streams.put(e.key(), new StreamInfo(Math.max(1, e.instances()), campaign));
    }
  }

  /** Takes a measurement; only final values of benchmark tools count. */
  public void accept(Measurement m) {
    if (m.phase() != Phase.FINAL || m.tool().equals("devhealth") || !Double.isFinite(m.value())) {
      return;
    }
    StreamInfo info = streams.getOrDefault(new StreamKey(m.device(), m.env(), m.run(), m.tool(), m.instance()),
        new StreamInfo(1, m.run()));
    CellKey key = new CellKey(m.device(), m.env(), m.net(), m.tool(), m.benchmark(), m.metric(), m.labels(), info.instances());
    PendingKey pk = new PendingKey(key, info.campaign(), m.run());
    Pending p = pending.computeIfAbsent(pk, k -> new Pending(m.time()));
    p.byInstance.put(m.instance(), m.value());
    if (p.byInstance.size() < info.instances()) {
      if (pending.size() > MAX_PENDING) {
        // A run whose other instances never report: give it up, counted.
        Map.Entry<PendingKey, Pending> oldest = pending.entrySet().iterator().next();
        pending.remove(oldest.getKey());
        series(oldest.getKey().cell(), oldest.getKey().campaign(), oldest.getValue().first).incomplete++;
      }
      return;
    }
    pending.remove(pk);
    double value = METRICS.aggregate(m.metric()).of(p.byInstance.values().stream().mapToDouble(Double::doubleValue).toArray());
    Series s = series(key, info.campaign(), p.first);
    s.values.add(value);
    s.times.add(m.time());
    if (s.values.size() > config.maxValuesPerCell()) {
      s.values.remove(0);
      s.times.remove(0);
    }
    dirty = true;
  }

  private Series series(CellKey key, String campaign, Instant first) {
    LinkedHashMap<String, Series> byCampaign = cells.computeIfAbsent(key, k -> new LinkedHashMap<>());
    Series s = byCampaign.computeIfAbsent(campaign, c -> new Series(first));
    while (byCampaign.size() > 200) {
      byCampaign.remove(byCampaign.keySet().iterator().next());
    }
    return s;
  }

  /** Whether anything arrived since the last {@link #markClean()}. */
  public boolean dirty() {
    return dirty;
  }

  public void markClean() {
    dirty = false;
  }

  /** Every cell with its repetition values per campaign (read-only use). */
  Map<CellKey, LinkedHashMap<String, Series>> cells() {
    return cells;
  }

  /** A container cell of a campaign with the native values it is compared with. */
  private record Pair(CellKey cell, String campaign, String baseline, double[] nativeValues, double[] container, int incomplete) {}

  /**
   * The overhead of every container cell, in each campaign that has a baseline, judged together
   * with the other cells of its campaign.
   */
  public List<Overhead> overheads() {
    Map<String, List<Pair>> byCampaign = new TreeMap<>();
    for (Map.Entry<CellKey, LinkedHashMap<String, Series>> e : cells.entrySet()) {
      CellKey key = e.getKey();
      if (key.isNative() || e.getValue().isEmpty()) {
        continue;
      }
      LinkedHashMap<String, Series> base = cells.get(key.baseline());
      if (base == null) {
        continue;
      }
      for (Map.Entry<String, Series> c : e.getValue().entrySet()) {
        Baseline b = baseline(base, c.getKey());
        double[] container = c.getValue().array();
        if (b != null && b.values().length > 0 && container.length > 0) {
          byCampaign.computeIfAbsent(c.getKey(), k -> new ArrayList<>())
              .add(new Pair(key, c.getKey(), b.name(), b.values(), container, c.getValue().incomplete));
        }
      }
    }
    List<Overhead> out = new ArrayList<>();
    for (List<Pair> family : byCampaign.values()) {
      out.addAll(judge(family));
    }
    return out;
  }

  private List<Overhead> judge(List<Pair> family) {
    List<double[][]> pairs = new ArrayList<>();
    family.forEach(p -> pairs.add(new double[][] {p.nativeValues(), p.container()}));
    List<Comparisons.Result> results = Comparisons.judge(pairs, config.minSamples(), config.significance(), config.correction());
    List<Overhead> out = new ArrayList<>();
    for (int i = 0; i < family.size(); i++) {
      Pair p = family.get(i);
      Comparisons.Result r = results.get(i);
      double mw = Double.NaN;
      if (r.judged()) {
        mw = MannWhitney.test(p.nativeValues(), p.container()).pValue();
      }
      Direction d = METRICS.direction(p.cell().metric());
      double o = d.overhead(r.change());
      double oLow = d == Direction.HIGHER_IS_BETTER ? -r.upper() : d == Direction.LOWER_IS_BETTER ? r.lower() : Double.NaN;
      double oHigh = d == Direction.HIGHER_IS_BETTER ? -r.lower() : d == Direction.LOWER_IS_BETTER ? r.upper() : Double.NaN;
      out.add(new Overhead(p.cell(), p.campaign(), p.baseline(), r.sample(), r.baseline(), r.change(), r.lower(), r.upper(), o,
          oLow, oHigh, r.p(), r.pAdjusted(), mw, r.significant(), d, r.judged(), r.reason(), r.level(),
          METRICS.aggregate(p.cell().metric()), p.incomplete()));
    }
    return out;
  }

  private record Baseline(String name, double[] values) {}

  private Baseline baseline(LinkedHashMap<String, Series> base, String campaign) {
    switch (config.baseline()) {
      case "run" -> {
        Series s = base.get(config.baselineRun());
        return s == null ? null : new Baseline(config.baselineRun(), s.array());
      }
      case "rolling" -> {
        List<String> names = new ArrayList<>(base.keySet());
        List<String> last = names.subList(Math.max(0, names.size() - config.rollingRuns()), names.size());
        List<Double> pooled = new ArrayList<>();
        last.forEach(n -> pooled.addAll(base.get(n).values));
        return pooled.isEmpty() ? null
            : new Baseline("rolling:" + last.size(), pooled.stream().mapToDouble(Double::doubleValue).toArray());
      }
      default -> {
        Series s = base.get(campaign);
        return s == null ? null : new Baseline(campaign, s.array());
      }
    }
  }
}
