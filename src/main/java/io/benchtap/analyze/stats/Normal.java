package io.benchtap.analyze.stats;

/**
 * The standard normal distribution N(0, 1).
 *
 * <p>Φ(z) = ½ erfc(−z/√2), with erfc(u) = Q(½, u²) for u ≥ 0 and 1 + P(½, u²) for u &lt; 0
 * (regularized incomplete gamma functions), so the lower tail keeps full relative precision far
 * out (Φ(−37) ≈ 5.7e−300). φ(z) = e^(−z²/2)/√(2π). The quantile is solved by safeguarded Newton
 * on ln Φ.
 *
 * <p>Failure contract: NaN in, NaN out; ±∞ are accepted by {@link #cdf} (0 and 1);
 * {@link #quantile} returns −∞/+∞ for p = 0/1 and throws {@link IllegalArgumentException} for p
 * outside [0, 1].
 */
public final class Normal {

  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private Normal() {}

  /** φ(z), the density. */
  public static double pdf(double z) {
    return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }

  /** Φ(z) = P(Z ≤ z). */
  public static double cdf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    double u2 = 0.5 * z * z;
    return z <= 0 ? 0.5 * Special.gammaQ(0.5, u2) : 0.5 * (1 + Special.gammaP(0.5, u2));
  }

  /** P(|Z| ≥ |z|) = 2Φ(−|z|), the two-sided p-value of a z statistic. */
  public static double twoSidedP(double z) {
    return Double.isNaN(z) ? Double.NaN : Math.min(1, 2 * cdf(-Math.abs(z)));
  }

  /** Φ⁻¹(p): the z with Φ(z) = p. */
  public static double quantile(double p) {
    if (Double.isNaN(p)) {
      return Double.NaN;
    }
    checkProbability(p);
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (p == 0.5) {
      return 0;
    }
    double lower = Math.min(p, 1 - p);
    // −√(−2 ln p) lies left of the root (Mills' ratio), where Newton on the concave ln Φ rises
    // monotonically to it.
    double z = Inverse.lowerTail(Normal::cdf, Normal::pdf, lower, -Math.sqrt(-2 * Math.log(lower)));
    return p < 0.5 ? z : -z;
  }

  static void checkProbability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
    }
  }
}
