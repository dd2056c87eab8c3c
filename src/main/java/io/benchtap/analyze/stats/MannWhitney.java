package io.benchtap.analyze.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Mann–Whitney U test (Wilcoxon rank-sum test) of two independent samples x and y, two-sided.
 * U is reported for x, as R's {@code wilcox.test(x, y)} reports W and SciPy's
 * {@code mannwhitneyu(x, y)} reports U1.
 *
 * <pre>
 *   ranks  1..N over the pooled N = n_x + n_y values; tied values get the average of their ranks
 *   U_x    = R_x − n_x(n_x + 1)/2      (R_x = rank sum of x);  U_y = n_x·n_y − U_x
 *   exact  p = min(1, 2·min(P(U ≤ U_x), P(U ≥ U_x))), the null distribution of U counted by
 *          c(i, j, k) = c(i−1, j, k−j) + c(i, j−1, k)   (the largest value is an x or a y)
 *   normal σ² = n_x n_y/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1)))   (t = size of each tie group)
 *          z = (U_x − n_x n_y/2 − sgn·½)/σ                      (continuity correction)
 *          p = 2Φ(−|z|)
 * </pre>
 *
 * <p>{@link Method#AUTO} uses the exact distribution when there are no ties and
 * n_x·n_y ≤ {@value #EXACT_LIMIT}, the normal approximation otherwise (R's default is exact for
 * fewer than 50 values per sample without ties).
 *
 * <p>Failure contract: a null sample → {@link NullPointerException}; an empty sample, or one
 * with NaN or ±∞ → {@link IllegalArgumentException}; {@link Method#EXACT} with ties, or with
 * n_x·n_y &gt; {@value #EXACT_MAX}, → {@link IllegalArgumentException}. If every pooled value is
 * the same, σ = 0 and U sits at its null mean: z = 0 and p = 1.
 */
public final class MannWhitney {

  /** Largest n_x·n_y for which {@link Method#AUTO} picks the exact distribution. */
  public static final int EXACT_LIMIT = 400;

  /** Largest n_x·n_y accepted by {@link Method#EXACT}. */
  public static final int EXACT_MAX = 10_000;

  private MannWhitney() {}

  /** How the p-value is computed. */
  public enum Method {
    /** Exact without ties and n_x·n_y ≤ {@value #EXACT_LIMIT}, else normal. */
    AUTO,
    /** Exact null distribution of U (no ties allowed). */
    EXACT,
    /** Normal approximation with tie-corrected variance and continuity correction. */
    NORMAL
  }

  /**
   * Outcome of the test.
   *
   * @param u U for x: the number of pairs (x_i, y_j) with x_i &gt; y_j, ties counting ½
   * @param uY U for y, n_x·n_y − u
   * @param z continuity-corrected z statistic (NaN when the exact distribution was used)
   * @param pValue two-sided p-value
   * @param method {@link Method#EXACT} or {@link Method#NORMAL}: the method actually used
   * @param ties whether the pooled sample had tied values
   */
  public record Result(double u, double uY, double z, double pValue, Method method,
      boolean ties) {}

  /** Two-sided test with {@link Method#AUTO}. */
  public static Result test(double[] x, double[] y) {
    return test(x, y, Method.AUTO);
  }

  /** Two-sided test with the given method. */
  public static Result test(double[] x, double[] y, Method method) {
    Moments.check(x, 1, "x");
    Moments.check(y, 1, "y");
    int nx = x.length;
    int ny = y.length;
    int total = nx + ny;
    double[] pooled = new double[total];
    System.arraycopy(x, 0, pooled, 0, nx);
    System.arraycopy(y, 0, pooled, nx, ny);
    Integer[] order = IntStream.range(0, total).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> pooled[i]));
    double rankSumX = 0;
    double tieTerm = 0;
    for (int start = 0; start < total; ) {
      int end = start;
      while (end + 1 < total && pooled[order[end + 1]] == pooled[order[start]]) {
        end++;
      }
      double rank = 0.5 * (start + end) + 1;
      for (int k = start; k <= end; k++) {
        if (order[k] < nx) {
          rankSumX += rank;
        }
      }
      double t = end - start + 1;
      tieTerm += t * t * t - t;
      start = end + 1;
    }
    boolean ties = tieTerm > 0;
    double product = (double) nx * ny;
    double u = rankSumX - nx * (nx + 1.0) / 2;
    Method used = method;
    if (method == Method.AUTO) {
      used = !ties && product <= EXACT_LIMIT ? Method.EXACT : Method.NORMAL;
    } else if (method == Method.EXACT && (ties || product > EXACT_MAX)) {
      throw new IllegalArgumentException(ties ? "exact distribution needs untied values"
          : "exact distribution limited to nx*ny <= " + EXACT_MAX + ", got " + (long) product);
    }
    if (used == Method.EXACT) {
      return new Result(u, product - u, Double.NaN, exactP((int) Math.round(u), nx, ny),
          Method.EXACT, false);
    }
    double tieShare = tieTerm / ((double) total * (total - 1));
    double sigma = Math.sqrt(product / 12 * ((total + 1) - tieShare));
    double d = u - product / 2;
    double z = sigma > 0 ? (d - Math.signum(d) * 0.5) / sigma : 0;
    return new Result(u, product - u, z, Normal.twoSidedP(z), Method.NORMAL, ties);
  }

  /** Two-sided exact p-value of U = u for sample sizes m (x) and n (y). */
  static double exactP(int u, int m, int n) {
    double[] counts = distribution(m, n);
    double all = 0;
    double below = 0;
    double above = 0;
    for (int k = 0; k < counts.length; k++) {
      all += counts[k];
      if (k <= u) {
        below += counts[k];
      }
      if (k >= u) {
        above += counts[k];
      }
    }
    return Math.min(1, 2 * Math.min(below, above) / all);
  }

  /** Number of orderings giving U = k, k = 0..m·n, for sample sizes m and n. */
  static double[] distribution(int m, int n) {
    // prev[j] holds c(i−1, j, ·); cur[j] holds c(i, j, ·), of length i·j + 1.
    double[][] prev = new double[n + 1][];
    for (int j = 0; j <= n; j++) {
      prev[j] = new double[] {1};
    }
    for (int i = 1; i <= m; i++) {
      double[][] cur = new double[n + 1][];
      cur[0] = new double[] {1};
      for (int j = 1; j <= n; j++) {
        double[] c = new double[i * j + 1];
        double[] withXLargest = prev[j];
        double[] withYLargest = cur[j - 1];
        for (int k = 0; k < c.length; k++) {
          double v = k < withYLargest.length ? withYLargest[k] : 0;
          if (k >= j && k - j < withXLargest.length) {
            v += withXLargest[k - j];
          }
          c[k] = v;
        }
        cur[j] = c;
      }
      prev = cur;
    }
    return prev[n];
  }
}
