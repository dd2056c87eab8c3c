package io.benchtap.analyze.stats;

/**
 * Special functions behind the distributions: log-gamma, log-beta, the regularized incomplete
 * beta and gamma functions. Package-private; the public API is {@link StudentT} and
 * {@link Normal}.
 *
 * <p>Formulas (from the standard references: Abramowitz &amp; Stegun ch. 6 and 26, the DLMF
 * §5.11, §8.9 and §8.17, Lentz's algorithm as modified by Thompson &amp; Barnett 1986):
 *
 * <ul>
 *   <li>ln Γ(x): Stirling's series with Bernoulli terms up to x^-13 for x ≥ 10; below that the
 *       Lanczos approximation (g = 7, nine coefficients), with the reflection formula for
 *       x &lt; 1/2.
 *   <li>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b), with ln Γ(q) − ln Γ(p+q) for the larger
 *       argument q ≥ 10 rewritten through Stirling so that no two large logarithms cancel (this
 *       keeps the t distribution accurate for very large degrees of freedom).
 *   <li>I_x(a, b): x^a (1−x)^b / (a B(a,b)) times the continued fraction
 *       1/(1+ d1/(1+ d2/(1+ …))) with d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
 *       d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)), evaluated by modified Lentz; for
 *       x &gt; (a+1)/(a+b+2) the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) is used.
 *   <li>P(a, x) by its power series for x &lt; a+1, Q(a, x) = 1 − P by its continued fraction
 *       (Lentz) otherwise.
 * </ul>
 */
final class Special {

  private static final double EPS = 1e-16;
  private static final double TINY = 1e-300;
  private static final int MAX_ITERATIONS = 1_000_000;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private Special() {}

  /** ln Γ(x) for x &gt; 0. */
  static double logGamma(double x) {
    if (x >= 10) {
      return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
    }
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /** δ(x) = ln Γ(x) − [(x−½) ln x − x + ½ ln 2π], Stirling series, accurate for x ≥ 10. */
  private static double stirlingCorrection(double x) {
    double r = 1 / x;
    double r2 = r * r;
    return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680
        + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
  }

  /** ln B(a, b) for a, b &gt; 0. */
  static double logBeta(double a, double b) {
    double p = Math.min(a, b);
    double q = Math.max(a, b);
    if (q < 10) {
      return logGamma(p) + logGamma(q) - logGamma(p + q);
    }
    // ln Γ(q) − ln Γ(p+q) without cancelling two ~q ln q sized terms.
    double diff = -(q - 0.5) * Math.log1p(p / q) - p * Math.log(p + q) + p
        + stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + diff;
  }

  /**
   * Regularized incomplete beta I_x(a, b), with y = 1 − x passed separately so that callers
   * who know 1 − x more accurately than x (the t distribution's tail) lose no digits.
   */
  static double incompleteBeta(double x, double y, double a, double b) {
    return incompleteBeta(Math.log(x), x, y, a, b);
  }

  /** As {@link #incompleteBeta(double, double, double, double)} with ln x given, for x that
   * underflows (the t distribution's far tail). */
  static double incompleteBeta(double logX, double x, double y, double a, double b) {
    if (logX == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    if (y <= 0) {
      return 1;
    }
    double logFront = a * logX + b * Math.log(y) - logBeta(a, b);
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(logFront) * betaFraction(x, a, b) / a;
    }
    return 1 - Math.exp(logFront) * betaFraction(y, b, a) / b;
  }

  private static double betaFraction(double x, double a, double b) {
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / nonZero(d);
    double f = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 / nonZero(1 + even * d);
      c = nonZero(1 + even / c);
      f *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 / nonZero(1 + odd * d);
      c = nonZero(1 + odd / c);
      double delta = d * c;
      f *= delta;
      if (Math.abs(delta - 1) < EPS) {
        return f;
      }
    }
    throw new ArithmeticException("incomplete beta continued fraction did not converge: a=" + a
        + " b=" + b + " x=" + x);
  }

  /** Regularized lower incomplete gamma P(a, x) for a &gt; 0, x ≥ 0. */
  static double gammaP(double a, double x) {
    if (x <= 0) {
      return 0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 1;
    }
    return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
  }

  /** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate when Q is tiny. */
  static double gammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0;
    }
    return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
  }

  private static double gammaSeries(double a, double x) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n <= MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        return sum * Math.exp(a * Math.log(x) - x - logGamma(a));
      }
    }
    throw new ArithmeticException("incomplete gamma series did not converge: a=" + a + " x=" + x);
  }

  private static double gammaFraction(double a, double x) {
    // Q(a,x) = e^-x x^a / Γ(a) · 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …)))
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double f = d;
    for (int i = 1; i <= MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = 1 / nonZero(an * d + b);
      c = nonZero(b + an / c);
      double delta = d * c;
      f *= delta;
      if (Math.abs(delta - 1) < EPS) {
        return f * Math.exp(a * Math.log(x) - x - logGamma(a));
      }
    }
    throw new ArithmeticException("incomplete gamma fraction did not converge: a=" + a + " x=" + x);
  }

  private static double nonZero(double v) {
    return Math.abs(v) < TINY ? TINY : v;
  }
}
