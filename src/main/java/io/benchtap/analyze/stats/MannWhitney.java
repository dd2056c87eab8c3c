package io.benchtap.analyze.stats;

import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Mann–Whitney U test (Wilcoxon rank-sum test) of two independent samples x and y, two-sided,
 * computed by Apache Commons Statistics' {@code MannWhitneyUTest}. U is reported for x, as R's
 * {@code wilcox.test(x, y)} reports W and SciPy's {@code mannwhitneyu(x, y)} reports U1.
 *
 * <p>{@link Method#AUTO} is the library's choice: the exact null distribution of U for samples
 * without ties when both are small (fewer than 50 values each, as R does), the normal
 * approximation with the tie-corrected variance and a continuity correction otherwise.
 *
 * <p>Failure contract: a null sample → {@link NullPointerException}; an empty sample, or one
 * with NaN or ±∞ → {@link IllegalArgumentException}. If every pooled value is the same, there is
 * no evidence either way: p = 1.
 */
public final class MannWhitney {

  private MannWhitney() {}

  /** How the p-value is computed. */
  public enum Method {
    /** Exact for small samples without ties, normal otherwise. */
    AUTO,
    /** Exact null distribution of U. */
    EXACT,
    /** Normal approximation with tie-corrected variance and continuity correction. */
    NORMAL
  }

  /**
   * Outcome of the test.
   *
   * @param u U for x: the number of pairs (x_i, y_j) with x_i &gt; y_j, ties counting ½
   * @param uY U for y, n_x·n_y − u
   * @param pValue two-sided p-value
   * @param method {@link Method#EXACT} or {@link Method#NORMAL}: the method actually used
   * @param ties whether the pooled sample had tied values
   */
  public record Result(double u, double uY, double pValue, Method method, boolean ties) {}

  /** The test with {@link Method#AUTO}. */
  public static Result test(double[] x, double[] y) {
    return test(x, y, Method.AUTO);
  }

  /** The test with the given method. */
  public static Result test(double[] x, double[] y, Method method) {
    Moments.check(x, 1, "x");
    Moments.check(y, 1, "y");
    boolean allSame = true;
    for (double v : x) {
      allSame &= v == x[0];
    }
    for (double v : y) {
      allSame &= v == x[0];
    }
    double nxny = (double) x.length * y.length;
    if (allSame) {
      return new Result(nxny / 2, nxny / 2, 1, Method.NORMAL, true);
    }
    PValueMethod pm = switch (method) {
      case AUTO -> PValueMethod.AUTO;
      case EXACT -> PValueMethod.EXACT;
      case NORMAL -> PValueMethod.ASYMPTOTIC;
    };
    MannWhitneyUTest.Result r = MannWhitneyUTest.withDefaults().with(pm).test(x, y);
    Method used = method != Method.AUTO ? method
        : !r.hasTiedValues() && x.length < 50 && y.length < 50 ? Method.EXACT : Method.NORMAL;
    return new Result(r.getStatistic(), nxny - r.getStatistic(), r.getPValue(), used, r.hasTiedValues());
  }
}
