package io.benchtap.analyze.stats;

import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Welch's unequal-variances t-test of two independent samples x and y (R's
 * {@code t.test(x, y)} default), with the confidence interval of the difference of means.
 *
 * <pre>
 *   d  = x̄ − ȳ
 *   vx = s_x²/n_x,  vy = s_y²/n_y,   se = √(vx + vy)
 *   t  = d / se
 *   ν  = (vx + vy)² / (vx²/(n_x − 1) + vy²/(n_y − 1))        (Welch–Satterthwaite)
 *   p  = P(|T_ν| ≥ |t|)                                      (two-sided)
 *   CI = d ± t_{1−(1−c)/2, ν} · se
 * </pre>
 *
 * <p>The statistic, degrees of freedom and p-value come from Apache Commons Statistics'
 * {@code TTest} (heteroscedastic); this class adds the interval of the difference and the
 * degenerate cases.
 *
 * <p>Failure contract: a null sample → {@link NullPointerException}; a sample with fewer than
 * two values, or with NaN or ±∞ → {@link IllegalArgumentException}; confidence outside (0, 1) →
 * {@link IllegalArgumentException}. When both samples are constant (se = 0) the test is
 * degenerate: ν is NaN, and t is NaN with p NaN if the means are equal, else t = ±∞ with
 * p = 0; the interval is then [d, d].
 */
public final class Welch {

  private Welch() {}

  /**
   * Outcome of the test.
   *
   * @param t Welch's t statistic, (x̄ − ȳ)/se
   * @param df Welch–Satterthwaite degrees of freedom (fractional)
   * @param pValue two-sided p-value
   * @param meanX mean of x
   * @param meanY mean of y
   * @param difference x̄ − ȳ
   * @param standardError √(s_x²/n_x + s_y²/n_y)
   * @param ciLower lower bound of the confidence interval of x̄ − ȳ
   * @param ciUpper upper bound of the confidence interval of x̄ − ȳ
   * @param confidence confidence level of the interval
   */
  public record Result(double t, double df, double pValue, double meanX, double meanY,
      double difference, double standardError, double ciLower, double ciUpper,
      double confidence) {}

  /** Welch's test of x against y with a 95% interval for x̄ − ȳ. */
  public static Result test(double[] x, double[] y) {
    return test(x, y, Summary.DEFAULT_CONFIDENCE);
  }

  /** Welch's test of x against y with an interval for x̄ − ȳ at the given level in (0, 1). */
  public static Result test(double[] x, double[] y, double confidence) {
    Moments.check(x, 2, "x");
    Moments.check(y, 2, "y");
    Moments.checkConfidence(confidence);
    double mx = Moments.mean(x);
    double my = Moments.mean(y);
    double vx = Moments.variance(x, mx) / x.length;
    double vy = Moments.variance(y, my) / y.length;
    double diff = mx - my;
    double v = vx + vy;
    double se = Math.sqrt(v);
    if (se == 0) {
      double t = diff == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, diff);
      return new Result(t, Double.NaN, diff == 0 ? Double.NaN : 0, mx, my, diff, 0, diff, diff,
          confidence);
    }
    TTest.Result r = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).test(x, y);
    double t = r.getStatistic();
    double df = r.getDegreesOfFreedom();
    double p = r.getPValue();
    double half = Moments.criticalT(confidence, df) * se;
    return new Result(t, df, p, mx, my, diff, se, diff - half, diff + half, confidence);
  }
}
