package io.benchtap.analyze;

import io.benchtap.analyze.stats.ChangePoint;
import io.benchtap.analyze.stats.EDivisive;
import io.benchtap.analyze.stats.Welch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds cells that got worse over time. A campaign is compared with the previous campaign of the
 * same cell: a regression when Welch's test says the means differ and the change in the worse
 * direction exceeds the threshold. Long series (soak runs) are searched for change points with
 * E-divisive means, so a step in a days-long series is reported once, with the time it happened.
 */
public final class RegressionDetector {
  private static final int MAX_SERIES = 500;

  private final AnalysisConfig config;
  // 0.01 rather than 0.05: a soak series is searched again every minute, and each search at 0.05
  // raises a false change point in about one stable series out of twenty.
  private final EDivisive edivisive = new EDivisive(EDivisive.DEFAULT_PERMUTATIONS, 0.01, EDivisive.DEFAULT_MIN_SEGMENT,
      EDivisive.DEFAULT_SEED);

  public RegressionDetector(AnalysisConfig config) {
    this.config = config;
  }

  /** Campaign-over-campaign regressions of every cell with at least two campaigns. */
  public List<Regression> regressions(Map<CellKey, LinkedHashMap<String, OverheadAnalyzer.Series>> cells) {
    List<Regression> out = new ArrayList<>();
    for (Map.Entry<CellKey, LinkedHashMap<String, OverheadAnalyzer.Series>> e : cells.entrySet()) {
      Direction d = Direction.of(e.getKey().metric());
      if (d == Direction.NEUTRAL || e.getValue().size() < 2) {
        continue;
      }
      List<String> names = new ArrayList<>(e.getValue().keySet());
      String now = names.get(names.size() - 1);
      String before = names.get(names.size() - 2);
      double[] a = e.getValue().get(before).array();
      double[] b = e.getValue().get(now).array();
      if (a.length < 2 || b.length < 2) {
        continue;
      }
      Welch.Result w = Welch.test(a, b);
      double change = (w.meanY() - w.meanX()) / w.meanX();
      if (w.pValue() < config.significance() && d.overhead(change) > config.regressionThreshold()) {
        out.add(new Regression(e.getKey(), "regression", now, before, change, w.pValue(), e.getValue().get(now).first));
      }
    }
    return out;
  }

  /** Change points of every cell whose series (all campaigns, in time order) is long enough. */
  public List<Regression> changePoints(Map<CellKey, LinkedHashMap<String, OverheadAnalyzer.Series>> cells) {
    List<Regression> out = new ArrayList<>();
    for (Map.Entry<CellKey, LinkedHashMap<String, OverheadAnalyzer.Series>> e : cells.entrySet()) {
      List<Double> values = new ArrayList<>();
      List<Instant> times = new ArrayList<>();
      List<String> campaigns = new ArrayList<>();
      e.getValue().forEach((c, s) -> {
        values.addAll(s.values);
        times.addAll(s.times);
        s.values.forEach(v -> campaigns.add(c));
      });
      if (values.size() < config.changePointMinValues()) {
        continue;
      }
      int from = Math.max(0, values.size() - MAX_SERIES);
      double[] series = values.subList(from, values.size()).stream().mapToDouble(Double::doubleValue).toArray();
      for (ChangePoint cp : edivisive.detect(series)) {
        int at = from + cp.index();
        out.add(new Regression(e.getKey(), "changepoint", campaigns.get(at), campaigns.get(Math.max(0, at - 1)),
            cp.relativeChange(), cp.pValue(), times.get(at)));
      }
    }
    return out;
  }
}
