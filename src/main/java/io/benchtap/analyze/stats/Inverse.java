package io.benchtap.analyze.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Safeguarded Newton inversion of a continuous CDF that is symmetric about 0, used by
 * {@link Normal#quantile} and {@link StudentT#quantile}. Package-private.
 *
 * <p>Only the lower tail is solved (target p ≤ ½, root z ≤ 0), where the CDF is small and held
 * to full relative precision; the caller mirrors p &gt; ½. Newton runs on ln F(z) − ln p (step
 * (ln F − ln p)·F/f), which converges over many orders of magnitude of p; every step is kept
 * inside a bracket [lo, hi] with F(lo) &lt; p ≤ F(hi), and a step that would leave it is replaced
 * by bisection (geometric when the bracket spans orders of magnitude).
 */
final class Inverse {

  private static final int MAX_ITERATIONS = 3000;

  private Inverse() {}

  /** The z ≤ 0 with cdf(z) = p, for 0 &lt; p ≤ ½; start is a first guess. */
  static double lowerTail(DoubleUnaryOperator cdf, DoubleUnaryOperator pdf, double p,
      double start) {
    double hi = 0;
    double lo = Math.min(-1, start);
    int grow = 0;
    while (cdf.applyAsDouble(lo) >= p) {
      hi = lo;
      lo *= 2;
      if (++grow > 2100 || Double.isInfinite(lo)) {
        return lo;
      }
    }
    double z = start < hi && start > lo ? start : mid(lo, hi);
    double logP = Math.log(p);
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      double f = cdf.applyAsDouble(z);
      if (f == p) {
        return z;
      }
      if (f < p) {
        lo = z;
      } else {
        hi = z;
      }
      double density = pdf.applyAsDouble(z);
      double next = Double.NaN;
      if (f > 0 && density > 0) {
        next = z - (Math.log(f) - logP) * f / density;
      }
      if (!(next > lo && next < hi)) {
        next = mid(lo, hi);
      }
      if (Math.abs(next - z) <= 1e-15 * Math.abs(z) || next == lo || next == hi) {
        return next;
      }
      z = next;
    }
    return z;
  }

  private static double mid(double lo, double hi) {
    if (hi < 0 && lo / hi > 4) {
      return -Math.sqrt(lo * hi);
    }
    return 0.5 * (lo + hi);
  }
}
