package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.analyze.stats.RatioInterval.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RatioIntervalTest {

  /**
   * DCSTATS (github.com/DCPROGS/DCSTATS, README "FIELLER"): ratio a/b with a = 14 (SD of the
   * estimate 3), b = 7 (SD 2), uncorrelated, 10 degrees of freedom, t = 1.812461: g = 0.268164,
   * confidence limits lower 1.051413, upper 4.414296. The same t is t_{0.95,10}.
   */
  /** A container side without spread (vb = 0): the degrees of freedom at ρ = 0 were 0/0 and threw. */
  @Test
  void aConstantSideGivesAnIntervalInsteadOfFailing() {
    double[] nat = {10, 11, 12, 13};
    double[] cont = {5, 5, 5, 5};
    assertThat(RatioInterval.welchDf(2, 4, 0, 4, 0)).isEqualTo(3);
    for (RatioInterval.Method m : RatioInterval.Method.values()) {
      RatioInterval.Result r = RatioInterval.of(nat, cont, 0.95, m);
      assertThat(r.lower()).as(m.toString()).isLessThanOrEqualTo(r.upper());
    }
  }

  @Test
  void fiellerMatchesDcstatsExample() {
    double t = org.apache.commons.statistics.distribution.TDistribution.of(10).inverseCumulativeProbability(0.95);
    assertThat(t).isCloseTo(1.812461, within(5e-7));
    double[] r = RatioInterval.fieller(14, 3, 7, 2, 1.812461);
    assertThat(r[0]).isCloseTo(1.051413, within(5e-7));
    assertThat(r[1]).isCloseTo(4.414296, within(5e-7));
    assertThat(1.812461 * 1.812461 * 4 / 49).isCloseTo(0.268164, within(5e-7)); // g
  }

  /**
   * The bounds are exactly where the ratio t statistic (b̄ − ρā)/√(vb + ρ²va) hits ±t at the
   * Welch–Satterthwaite degrees of freedom of that ρ (the inversion of the Welch-type test).
   */
  @Test
  void boundsSolveTheFiellerEquation() {
    double[] a = {101.2, 99.8, 100.5, 100.9, 99.1, 100.2, 100.7, 99.5};
    double[] b = {96.1, 95.2, 97.3, 96.6, 95.9, 96.8, 95.5, 96.2, 97.0, 96.4};
    RatioInterval.Result r = RatioInterval.of(a, b);
    double ma = Moments.mean(a);
    double mb = Moments.mean(b);
    double va = Moments.variance(a, ma) / a.length;
    double vb = Moments.variance(b, mb) / b.length;
    for (double bound : new double[] {r.lower(), r.upper()}) {
      double rho = 1 + bound;
      double t = org.apache.commons.statistics.distribution.TDistribution.of(RatioInterval.welchDf(va, a.length, vb, b.length, rho))
          .inverseCumulativeProbability(0.975);
      double stat = (mb - rho * ma) / Math.sqrt(vb + rho * rho * va);
      assertThat(Math.abs(stat)).isCloseTo(t, within(1e-9));
    }
    assertThat(r.change()).isCloseTo(mb / ma - 1, within(1e-15));
    assertThat(r.lower()).isLessThan(r.change());
    assertThat(r.upper()).isGreaterThan(r.change());
    // 96.3/100.2375 − 1: about −3.9%, the size of the paper's worst LXC overheads.
    assertThat(r.change()).isCloseTo(96.3 / 100.2375 - 1, within(1e-14));
  }

  /** With small coefficients of variation, delta and Fieller agree closely (paper-like data). */
  @Test
  void deltaMethodApproximatesFieller() {
    Random random = new Random(11);
    double[] a = new double[50];
    double[] b = new double[50];
    for (int i = 0; i < 50; i++) {
      a[i] = 1000 + 10 * random.nextGaussian();
      b[i] = 960 + 12 * random.nextGaussian();
    }
    RatioInterval.Result f = RatioInterval.of(a, b);
    RatioInterval.Result d = RatioInterval.of(a, b, 0.95, Method.DELTA);
    assertThat(d.change()).isEqualTo(f.change());
    assertThat(d.lower()).isCloseTo(f.lower(), within(1e-5));
    assertThat(d.upper()).isCloseTo(f.upper(), within(1e-5));
    assertThat(f.method()).isEqualTo(Method.FIELLER);
    assertThat(d.method()).isEqualTo(Method.DELTA);
  }

  @Test
  void denominatorIntervalContainingZeroGivesNaNBounds() {
    double[] a = {-1, 1, 2, -2, 0.5};
    double[] b = {3, 4, 5};
    for (Method m : Method.values()) {
      RatioInterval.Result r = RatioInterval.of(a, b, 0.95, m);
      assertThat(r.change()).isFinite();
      assertThat(r.lower()).isNaN();
      assertThat(r.upper()).isNaN();
      assertThat(r.bounded()).isFalse();
    }
    assertThat(RatioInterval.fieller(1, 1, 1, 1, 2)).containsExactly(Double.NaN, Double.NaN);
  }

  @Test
  void zeroBaselineMeanIsUndefined() {
    RatioInterval.Result r = RatioInterval.of(new double[] {-1, 1}, new double[] {3, 4});
    assertThat(r.change()).isNaN();
    assertThat(r.lower()).isNaN();
    assertThat(r.upper()).isNaN();
  }

  @Test
  void constantSamplesHaveDegenerateInterval() {
    RatioInterval.Result r = RatioInterval.of(new double[] {50, 50}, new double[] {45, 45, 45});
    assertThat(r.change()).isCloseTo(-0.1, within(1e-15));
    assertThat(r.lower()).isEqualTo(r.change());
    assertThat(r.upper()).isEqualTo(r.change());
    assertThat(r.ratio()).isCloseTo(0.9, within(1e-15));
  }

  @Test
  void singleValueSideHasChangeButNoBounds() {
    RatioInterval.Result r = RatioInterval.of(new double[] {200}, new double[] {190, 192, 188});
    assertThat(r.change()).isCloseTo(-0.05, within(1e-15));
    assertThat(r.bounded()).isFalse();
    assertThat(RatioInterval.of(new double[] {200, 201}, new double[] {190}).upper()).isNaN();
  }

  @Test
  void failureContract() {
    assertThatThrownBy(() -> RatioInterval.of(null, new double[] {1, 2}))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RatioInterval.of(new double[0], new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RatioInterval.of(new double[] {1, Double.NaN}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RatioInterval.of(new double[] {1, 2}, new double[] {1, 2}, 1.5,
        Method.FIELLER)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RatioInterval.of(new double[] {1, 2}, new double[] {1, 2}, 0.95,
        null)).isInstanceOf(NullPointerException.class);
  }
}
