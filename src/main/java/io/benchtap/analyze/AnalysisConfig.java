package io.benchtap.analyze;

import io.benchtap.analyze.stats.Comparisons;
import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import java.time.Duration;

/**
 * The analysis section ({@code analysis.*}): which native runs a container run is compared with,
 * the significance level, the thresholds that make an overhead or a regression worth an alert,
 * and where alerts go.
 *
 * @param baseline {@code campaign} (native cells of the same campaign), {@code run} (the named
 *     campaign {@link #baselineRun()}), or {@code rolling} (the last {@link #rollingRuns()} native
 *     campaigns pooled)
 */
public record AnalysisConfig(String baseline, String baselineRun, int rollingRuns, double significance,
    double overheadThreshold, double regressionThreshold, Duration alertCooldown, String webhookUrl, int maxValuesPerCell,
    int changePointMinValues, int minSamples, Comparisons.Correction correction) {

  public static AnalysisConfig from(Cfg c) {
    String mode = c.choice("analysis.baseline", java.util.Set.of("campaign", "run", "rolling"));
    String run = c.string("analysis.baselineRun");
    if (mode.equals("run") && run == null) {
      throw new ConfigException("analysis.baselineRun", "a campaign run id when analysis.baseline is run", null);
    }
    String hook = c.string("analysis.webhookUrl");
    if (hook != null && !hook.matches("https?://\\S+")) {
      throw new ConfigException("analysis.webhookUrl", "an http:// or https:// URL", hook);
    }
    return new AnalysisConfig(mode, run, c.integer("analysis.rollingRuns", 1, 1000),
        ratio(c, "analysis.significance"), ratio(c, "analysis.overheadThreshold"), ratio(c, "analysis.regressionThreshold"),
        Duration.ofSeconds(c.longValue("analysis.alertCooldownSeconds", 0, 7L * 86400)), hook,
        c.integer("analysis.maxValuesPerCell", 10, 1_000_000), c.integer("analysis.changePointMinValues", 10, 100_000),
        c.integer("analysis.minSamples", 2, 100_000),
        c.choice("analysis.correction", java.util.Set.of("bh", "none")).equals("bh") ? Comparisons.Correction.BH
            : Comparisons.Correction.NONE);
  }

  private static double ratio(Cfg c, String key) {
    String s = c.string(key);
    try {
      double v = Double.parseDouble(s);
      if (v > 0 && v < 1) {
        return v;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // fall through
    }
    throw new ConfigException(key, "a number between 0 and 1", s);
  }

  /** The same with another minimum of repetitions per side. */
  public AnalysisConfig withMinSamples(int n) {
    return new AnalysisConfig(baseline, baselineRun, rollingRuns, significance, overheadThreshold, regressionThreshold,
        alertCooldown, webhookUrl, maxValuesPerCell, changePointMinValues, n, correction);
  }

  /** Defaults, for tests and offline reports. */
  public static AnalysisConfig defaults() {
    return from(new Cfg(null));
  }
}
