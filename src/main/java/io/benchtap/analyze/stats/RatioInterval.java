package io.benchtap.analyze.stats;

import java.util.Objects;

/**
 * Relative change of two means, change = (b̄ − ā)/ā = ρ − 1 with ρ = b̄/ā (the paper's
 * "%change" of a container run b against a native run a, as a ratio: −0.04 is 4% lower), with a
 * confidence interval for independent samples of unequal variances.
 *
 * <p>With va = s_a²/n_a and vb = s_b²/n_b, the interval inverts the Welch-type test of
 * b̄ − ρā = 0: ρ is inside when |b̄ − ρā|/√(vb + ρ²va) ≤ t_{1−(1−c)/2, ν(ρ)} with the
 * Welch–Satterthwaite degrees of freedom at that ρ,
 * ν(ρ) = (vb + ρ²va)² / (vb²/(n_b − 1) + ρ⁴va²/(n_a − 1)). At ρ = 1 that is Welch's t-test of
 * ā = b̄, so the interval contains 0 (no change) exactly when {@link Welch} does not reject at
 * level 1 − c: the interval and the verdict come from one method.
 *
 * <ul>
 *   <li>{@link Method#FIELLER} (default, Fieller's theorem): the ρ with
 *       (b̄ − ρā)² ≤ t²(vb + ρ²va), i.e. the roots of
 *       ρ²(ā² − t²va) − 2ρāb̄ + (b̄² − t²vb) = 0:
 *       ρ = [āb̄ ± t√(ā²vb + b̄²va − t²va·vb)] / (ā² − t²va). The set is a bounded interval only
 *       when g = t²va/ā² &lt; 1, i.e. when the denominator's own confidence interval
 *       ā ± t√va excludes 0. It is exactly invariant under swapping a and b (the interval for
 *       ā/b̄ is the reciprocal of the one for b̄/ā) and under scaling both samples.
 *   <li>{@link Method#DELTA} (first-order delta method): ρ ± t·√(vb + ρ²va)/|ā|, symmetric in ρ,
 *       good when both coefficients of variation of the means are small.
 * </ul>
 *
 * <p>{@link #fieller} and {@link #delta} compute the same intervals from summary values (two
 * estimates, their standard errors and a critical value), for callers that only have those.
 *
 * <p>Failure contract: a null sample → {@link NullPointerException}; an empty sample, NaN or ±∞
 * in a sample, or confidence outside (0, 1) → {@link IllegalArgumentException}. With a single
 * value on either side the change is reported and the bounds are NaN (no variance). When ā = 0
 * the change itself is undefined: change and bounds are NaN. When the denominator's
 * interval contains 0 (g ≥ 1) the ratio is not bounded away from ±∞: the bounds are NaN (for
 * both methods) while the change is still reported. When both samples are constant the bounds
 * equal the change.
 */
public final class RatioInterval {

  private RatioInterval() {}

  /** How the interval is computed. */
  public enum Method {
    /** Fieller's theorem (exact for normal means; the default). */
    FIELLER,
    /** First-order delta method. */
    DELTA
  }

  /**
   * Outcome.
   *
   * @param change (b̄ − ā)/ā
   * @param lower lower bound of the interval of the change (NaN if unbounded)
   * @param upper upper bound of the interval of the change (NaN if unbounded)
   * @param meanA ā, the baseline mean
   * @param meanB b̄
   * @param df degrees of freedom used for t (NaN when not needed or undefined)
   * @param confidence confidence level of the interval
   * @param method the method used
   */
  public record Result(double change, double lower, double upper, double meanA, double meanB,
      double df, double confidence, Method method) {

    /** The ratio b̄/ā = 1 + change. */
    public double ratio() {
      return 1 + change;
    }

    /** Whether the interval is finite on both sides (not NaN). */
    public boolean bounded() {
      return !Double.isNaN(lower) && !Double.isNaN(upper);
    }
  }

  /** Change of b against baseline a with a 95% Fieller interval. */
  public static Result of(double[] a, double[] b) {
    return of(a, b, Summary.DEFAULT_CONFIDENCE, Method.FIELLER);
  }

  /** Change of b against baseline a with an interval at the given level and method. */
  public static Result of(double[] a, double[] b, double confidence, Method method) {
    Moments.check(a, 1, "a");
    Moments.check(b, 1, "b");
    Moments.checkConfidence(confidence);
    Objects.requireNonNull(method, "method");
    double ma = Moments.mean(a);
    double mb = Moments.mean(b);
    double va = Moments.variance(a, ma) / a.length;
    double vb = Moments.variance(b, mb) / b.length;
    if (ma == 0) {
      return new Result(Double.NaN, Double.NaN, Double.NaN, ma, mb, Double.NaN, confidence,
          method);
    }
    double rho = mb / ma;
    double change = rho - 1;
    if (a.length < 2 || b.length < 2) {
      return new Result(change, Double.NaN, Double.NaN, ma, mb, Double.NaN, confidence, method);
    }
    if (va == 0 && vb == 0) {
      return new Result(change, change, change, ma, mb, Double.NaN, confidence, method);
    }
    double r2va = rho * rho * va;
    double df = welchDf(va, a.length, vb, b.length, rho);
    double t = Moments.criticalT(confidence, df);
    double[] r = method == Method.FIELLER
        ? fieller(mb, Math.sqrt(vb), ma, Math.sqrt(va), t)
        : delta(mb, Math.sqrt(vb), ma, Math.sqrt(va), t);
    if (method == Method.FIELLER && !Double.isNaN(r[0])) {
      // Invert the test exactly: each bound is where (b̄ − ρā)/√(vb + ρ²va) meets the critical
      // value of the degrees of freedom at that ρ, so ρ = 1 lies inside exactly when Welch's
      // test of ā = b̄ does not reject at this level (the interval and the p agree).
      r[0] = refine(mb, vb, b.length, ma, va, a.length, confidence, r[0], true);
      r[1] = refine(mb, vb, b.length, ma, va, a.length, confidence, r[1], false);
    }
    double lo = r[0];
    double hi = r[1];
    return new Result(change, lo - 1, hi - 1, ma, mb, df, confidence, method);
  }

  /** Welch–Satterthwaite degrees of freedom of b̄ − ρā. */
  static double welchDf(double va, int na, double vb, int nb, double rho) {
    double r2va = rho * rho * va;
    double den = vb * vb / (nb - 1) + r2va * r2va / (na - 1);
    if (den == 0) {
      // Both variance terms vanish (a constant container side at ρ = 0, say): the statistic has
      // no spread and t multiplies 0; any valid df will do, and 0/0 would be NaN (which the t
      // distribution refuses, as seen on a Kafka processor's analyzer).
      return Math.max(na, nb) - 1;
    }
    return (vb + r2va) * (vb + r2va) / den;
  }

  /**
   * The bound of the acceptance set {ρ : (b̄ − ρā)² ≤ t²_{ν(ρ)}(vb + ρ²va)} on one side of the
   * estimate ρ̂ = b̄/ā, found by bracketing and bisection, starting from Fieller's bound at a fixed
   * ν; NaN when the set does not end on that side (the baseline's mean is not bounded away from 0).
   */
  private static double refine(double mb, double vb, int nb, double ma, double va, int na, double confidence, double bound,
      boolean lower) {
    double rho = mb / ma;
    double inside = rho;
    double step = Math.abs(bound - rho);
    if (!(step > 0)) {
      return bound;
    }
    double outside = bound;
    int expansions = 0;
    while (excess(mb, vb, nb, ma, va, na, confidence, outside) <= 0) {
      inside = outside;
      step *= 2;
      outside = lower ? rho - step : rho + step;
      if (++expansions > 200 || !Double.isFinite(outside)) {
        return Double.NaN;
      }
    }
    // Illinois regula falsi on the bracket [inside, outside]: excess ≤ 0 at inside, > 0 outside.
    double fIn = excess(mb, vb, nb, ma, va, na, confidence, inside);
    double fOut = excess(mb, vb, nb, ma, va, na, confidence, outside);
    int side = 0;
    for (int i = 0; i < 100 && Math.abs(outside - inside) > 1e-13 * Math.max(1e-300, Math.abs(inside)); i++) {
      double x = (inside * fOut - outside * fIn) / (fOut - fIn);
      if (!(x > Math.min(inside, outside) && x < Math.max(inside, outside))) {
        x = 0.5 * (inside + outside);
      }
      double fx = excess(mb, vb, nb, ma, va, na, confidence, x);
      if (fx <= 0) {
        inside = x;
        fIn = fx;
        if (side == -1) {
          fOut /= 2;
        }
        side = -1;
      } else {
        outside = x;
        fOut = fx;
        if (side == 1) {
          fIn /= 2;
        }
        side = 1;
      }
    }
    return inside;
  }

  /** (b̄ − ρā)² − t²_{ν(ρ)}(vb + ρ²va): at most 0 inside the set. */
  private static double excess(double mb, double vb, int nb, double ma, double va, int na, double confidence, double rho) {
    double t = Moments.criticalT(confidence, welchDf(va, na, vb, nb, rho));
    double d = mb - rho * ma;
    return d * d - t * t * (vb + rho * rho * va);
  }

  /**
   * Fieller's interval {lower, upper} for the ratio n/d of two independent estimates with
   * standard errors se_n and se_d and critical value t:
   * [n·d ± t√(d²se_n² + n²se_d² − t²se_n²se_d²)] / (d² − t²se_d²); {NaN, NaN} when
   * g = t²se_d²/d² ≥ 1 (the set is unbounded) or an argument is NaN.
   */
  public static double[] fieller(double numerator, double seNumerator, double denominator,
      double seDenominator, double t) {
    double vn = seNumerator * seNumerator;
    double vd = seDenominator * seDenominator;
    double t2 = t * t;
    double q = denominator * denominator - t2 * vd;
    if (!(q > 0)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double root = t * Math.sqrt(denominator * denominator * vn + numerator * numerator * vd
        - t2 * vn * vd);
    double r1 = (numerator * denominator - root) / q;
    double r2 = (numerator * denominator + root) / q;
    return new double[] {Math.min(r1, r2), Math.max(r1, r2)};
  }

  /**
   * Delta-method interval {lower, upper} for n/d: ρ ± t·√(se_n² + ρ²se_d²)/|d| with ρ = n/d;
   * {NaN, NaN} under the same condition as {@link #fieller} (the denominator's interval
   * d ± t·se_d contains 0) or for a NaN argument.
   */
  public static double[] delta(double numerator, double seNumerator, double denominator,
      double seDenominator, double t) {
    if (!(denominator * denominator - t * t * seDenominator * seDenominator > 0)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double rho = numerator / denominator;
    double half = t * Math.sqrt(seNumerator * seNumerator + rho * rho * seDenominator
        * seDenominator) / Math.abs(denominator);
    return new double[] {rho - half, rho + half};
  }
}
