package io.benchtap.agent.campaign;

import java.util.List;

/**
 * "Until stable" repetitions, as the Phoronix Test Suite's dynamic run count does: keep
 * repeating a cell while the relative standard deviation (sample standard deviation / mean) of
 * its headline values is above the threshold, between a minimum and a maximum count.
 */
public final class Stability {
  private Stability() {}

  /** Sample relative standard deviation; NaN for fewer than two values or a zero mean. */
  public static double rsd(List<Double> values) {
    int n = values.size();
    if (n < 2) {
      return Double.NaN;
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (mean == 0) {
      return Double.NaN;
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (n - 1)) / Math.abs(mean);
  }

  /**
   * Whether another repetition is needed after {@code done} repetitions that gave these headline
   * values (a repetition whose output had no headline counts as done but adds no value).
   */
  public static boolean needMore(Campaign.Repetitions r, int done, List<Double> values) {
    if (!r.untilStable()) {
      return done < r.count();
    }
    if (done < r.min()) {
      return true;
    }
    if (done >= r.max()) {
      return false;
    }
    double rsd = rsd(values);
    return Double.isNaN(rsd) || rsd >= r.rsd();
  }
}
