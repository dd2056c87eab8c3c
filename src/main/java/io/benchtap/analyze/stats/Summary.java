package io.benchtap.analyze.stats;

import java.util.Arrays;

/**
 * Descriptive statistics of one sample, with the Student-t confidence interval of its mean.
 *
 * <pre>
 *   mean    x̄ = Σx/n                          (plus one correction pass against rounding)
 *   median  middle order statistic, or the average of the two middle ones for even n
 *   sd      s = √(Σ(x − x̄)²/(n − 1))          (sample standard deviation)
 *   se      s/√n                              (standard error of the mean)
 *   CI      x̄ ± t_{1−(1−c)/2, n−1} · se        (two-sided, c = confidence, 0.95 by default)
 * </pre>
 *
 * <p>Failure contract: {@code values} null → {@link NullPointerException}; empty, or containing
 * NaN or ±∞ → {@link IllegalArgumentException}; confidence outside (0, 1) →
 * {@link IllegalArgumentException}. For n = 1, {@code standardDeviation}, {@code standardError},
 * {@code ciLower} and {@code ciUpper} are NaN. For a constant sample, sd = se = 0 and the
 * interval collapses to [x̄, x̄].
 *
 * @param n number of values
 * @param mean arithmetic mean
 * @param median sample median
 * @param standardDeviation sample standard deviation (n − 1 denominator)
 * @param standardError standard deviation / √n
 * @param ciLower lower bound of the confidence interval of the mean
 * @param ciUpper upper bound of the confidence interval of the mean
 * @param confidence the interval's confidence level, e.g. 0.95
 */
public record Summary(int n, double mean, double median, double standardDeviation,
    double standardError, double ciLower, double ciUpper, double confidence) {

  /** The default confidence level of the interval: 0.95. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /** Summary with a 95% confidence interval of the mean. */
  public static Summary of(double[] values) {
    return of(values, DEFAULT_CONFIDENCE);
  }

  /** Summary with a confidence interval of the mean at the given level in (0, 1). */
  public static Summary of(double[] values, double confidence) {
    Moments.check(values, 1, "values");
    Moments.checkConfidence(confidence);
    int n = values.length;
    double mean = Moments.mean(values);
    double sd = Math.sqrt(Moments.variance(values, mean));
    double se = sd / Math.sqrt(n);
    double half = n < 2 ? Double.NaN : Moments.criticalT(confidence, n - 1) * se;
    return new Summary(n, mean, median(values), sd, se, mean - half, mean + half, confidence);
  }

  /** Sample variance s² (n − 1 denominator); NaN for n = 1. */
  public double variance() {
    return standardDeviation * standardDeviation;
  }

  /** Half-width of the confidence interval, (ciUpper − ciLower)/2; NaN for n = 1. */
  public double halfWidth() {
    return 0.5 * (ciUpper - ciLower);
  }

  /** Median of finite values (copies and sorts: O(n log n)). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    int mid = n / 2;
    return n % 2 == 1 ? sorted[mid] : sorted[mid - 1] + 0.5 * (sorted[mid] - sorted[mid - 1]);
  }
}
