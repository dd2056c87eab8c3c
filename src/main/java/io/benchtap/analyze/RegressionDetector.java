package io.benchtap.analyze;

import io.benchtap.analyze.stats.ChangePoint;
import io.benchtap.analyze.stats.Comparisons;
import io.benchtap.analyze.stats.EDivisive;
import io.benchtap.model.Direction;
import io.benchtap.parse.MetricCatalog;
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

  /**
   * Campaign-over-campaign regressions: every cell with at least two campaigns, its latest against
   * the one before, judged together ({@link Comparisons}: enough repetitions on each side, Welch
   * with the false-discovery correction over these cells, the interval at the matching level); a
   * regression is a significant change in the worse direction beyond analysis.regressionThreshold.
   */
  public List<Regression> regressions(Map<CellKey, LinkedHashMap<String, OverheadAnalyzer.Series>> cells) {
    List<CellKey> keys = new ArrayList<>();
    List<String[]> names = new ArrayList<>();
    List<double[][]> pairs = new ArrayList<>();
    for (Map.Entry<CellKey, LinkedHashMap<String, OverheadAnalyzer.Series>> e : cells.entrySet()) {
      Direction d = MetricCatalog.standard().direction(e.getKey().metric());
      if (d == Direction.NEUTRAL || e.getValue().size() < 2) {
        continue;
      }
      List<String> campaigns = new ArrayList<>(e.getValue().keySet());
      String now = campaigns.get(campaigns.size() - 1);
      String before = campaigns.get(campaigns.size() - 2);
      double[] a = e.getValue().get(before).array();
      double[] b = e.getValue().get(now).array();
      if (a.length == 0 || b.length == 0) {
        continue;
      }
      keys.add(e.getKey());
      names.add(new String[] {now, before});
      pairs.add(new double[][] {a, b});
    }
    List<Comparisons.Result> results = Comparisons.judge(pairs, config.minSamples(), config.significance(), config.correction());
    List<Regression> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Comparisons.Result r = results.get(i);
      Direction d = MetricCatalog.standard().direction(keys.get(i).metric());
      if (r.significant() && d.overhead(r.change()) > config.regressionThreshold()) {
        out.add(new Regression(keys.get(i), "regression", names.get(i)[0], names.get(i)[1], r.change(), r.pAdjusted(),
            cells.get(keys.get(i)).get(names.get(i)[0]).first));
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
