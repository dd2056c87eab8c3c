package io.benchtap.analyze;

import io.benchtap.analyze.stats.MannWhitney;
import io.benchtap.analyze.stats.RatioInterval;
import io.benchtap.analyze.stats.Summary;
import io.benchtap.analyze.stats.Welch;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs every container result with its native baseline and keeps the statistics of both, live,
 * as results arrive (plain Java; one thread at a time). Observations are the final values of each
 * instance of each repetition; a cell's values are grouped by campaign (the {@code campaign}
 * label of the {@code started} event, else the run id).
 */
public final class OverheadAnalyzer {
  /** What a {@code started} event told about a stream. */
  private record StreamInfo(int instances, String campaign) {}

  /** Values of one cell in one campaign, in arrival order. */
  static final class Series {
    final List<Double> values = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    final Instant first;

    Series(Instant first) {
      this.first = first;
    }

    double[] array() {
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  private final AnalysisConfig config;
  private final Map<StreamKey, StreamInfo> streams = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<StreamKey, StreamInfo> e) {
      return size() > 100_000;
    }
  };
  private final Map<CellKey, LinkedHashMap<String, Series>> cells = new HashMap<>();
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
    LinkedHashMap<String, Series> byCampaign = cells.computeIfAbsent(key, k -> new LinkedHashMap<>());
    Series s = byCampaign.computeIfAbsent(info.campaign(), c -> new Series(m.time()));
    s.values.add(m.value());
    s.times.add(m.time());
    if (s.values.size() > config.maxValuesPerCell()) {
      s.values.remove(0);
      s.times.remove(0);
    }
    while (byCampaign.size() > 200) {
      byCampaign.remove(byCampaign.keySet().iterator().next());
    }
    dirty = true;
  }

  /** Whether anything arrived since the last {@link #markClean()}. */
  public boolean dirty() {
    return dirty;
  }

  public void markClean() {
    dirty = false;
  }

  /** Every cell with its values per campaign (read-only use). */
  Map<CellKey, LinkedHashMap<String, Series>> cells() {
    return cells;
  }

  /** The overhead of every container cell in its latest campaign that has a baseline. */
  public List<Overhead> overheads() {
    List<Overhead> out = new ArrayList<>();
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
        if (b != null) {
          out.add(compare(key, c.getKey(), b, c.getValue().array()));
        }
      }
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

  Overhead compare(CellKey key, String campaign, Baseline b, double[] container) {
    Summary cs = Summary.of(container);
    Summary ns = Summary.of(b.values());
    RatioInterval.Result r = RatioInterval.of(b.values(), container);
    double welchP = Double.NaN;
    double mwP = Double.NaN;
    if (container.length >= 2 && b.values().length >= 2) {
      welchP = Welch.test(b.values(), container).pValue();
      mwP = MannWhitney.test(b.values(), container).pValue();
    }
    Direction d = Direction.of(key.metric());
    double o = d.overhead(r.change());
    double oLow = d == Direction.HIGHER_IS_BETTER ? -r.upper() : d == Direction.LOWER_IS_BETTER ? r.lower() : Double.NaN;
    double oHigh = d == Direction.HIGHER_IS_BETTER ? -r.lower() : d == Direction.LOWER_IS_BETTER ? r.upper() : Double.NaN;
    boolean significant = !Double.isNaN(welchP) && welchP < config.significance();
    return new Overhead(key, campaign, b.name(), cs, ns, r.change(), r.lower(), r.upper(), o, oLow, oHigh, welchP, mwP,
        significant, d);
  }
}
