package io.benchtap.analyze.stats;

import java.util.Objects;

/** Input checks and two-pass moments shared by the tests. Package-private. */
final class Moments {

  private Moments() {}

  /** Throws NPE for null, IAE for fewer than {@code min} values or a NaN/infinite value. */
  static double[] check(double[] values, int min, String name) {
    Objects.requireNonNull(values, name);
    if (values.length < min) {
      throw new IllegalArgumentException(name + " needs at least " + min + " value"
          + (min == 1 ? "" : "s") + ", got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + values[i]);
      }
    }
    return values;
  }

  /** Arithmetic mean, with one correction pass (Σ(x − m)/n) against rounding. */
  static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    double m = sum / v.length;
    double correction = 0;
    for (double x : v) {
      correction += x - m;
    }
    return m + correction / v.length;
  }

  /** Sample variance Σ(x − m)²/(n − 1) about the given mean (corrected two-pass); NaN for n = 1. */
  static double variance(double[] v, double mean) {
    int n = v.length;
    if (n < 2) {
      return Double.NaN;
    }
    double ss = 0;
    double s = 0;
    for (double x : v) {
      double d = x - mean;
      ss += d * d;
      s += d;
    }
    return Math.max(0, (ss - s * s / n) / (n - 1));
  }

  /** Two-sided critical value t_{1−(1−c)/2, df}; checks 0 &lt; c &lt; 1. */
  static double criticalT(double confidence, double df) {
    checkConfidence(confidence);
    return org.apache.commons.statistics.distribution.TDistribution.of(df).inverseSurvivalProbability(0.5 - 0.5 * confidence);
  }

  static void checkConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
  }
}
