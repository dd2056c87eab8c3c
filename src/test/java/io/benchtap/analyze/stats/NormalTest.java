package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalTest {

  /**
   * Φ at integer points, Abramowitz &amp; Stegun Table 26.1 (to the table's 15 digits):
   * Φ(1) = 0.841344746068543, Φ(2) = 0.977249868051821, Φ(3) = 0.998650101968370; the lower
   * tail Q(5) = 2.866515718791939e−7 (A&amp;S 26.2 table of Q(x) for large x); and the median
   * 1.959963984540054 = z_{0.975}.
   */
  @Test
  void cdfMatchesTables() {
    assertThat(Normal.cdf(1)).isCloseTo(0.841344746068543, within(1e-15));
    assertThat(Normal.cdf(2)).isCloseTo(0.977249868051821, within(1e-15));
    assertThat(Normal.cdf(3)).isCloseTo(0.998650101968370, within(1e-15));
    assertThat(Normal.cdf(-1)).isCloseTo(1 - 0.841344746068543, within(1e-15));
    assertThat(Normal.cdf(-5) / 2.866515718791939e-7).isCloseTo(1, within(1e-13));
    assertThat(Normal.cdf(0)).isEqualTo(0.5);
    assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-14));
    assertThat(Normal.twoSidedP(1.959963984540054)).isCloseTo(0.05, within(1e-15));
  }

  @Test
  void quantileInvertsCdfFarIntoTheTails() {
    for (double p : new double[] {1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.2, 0.5, 0.7, 0.999}) {
      double z = Normal.quantile(p);
      double back = p < 0.5 ? Normal.cdf(z) : 1 - Normal.cdf(z);
      double target = p < 0.5 ? p : 1 - p;
      assertThat(back / target).as("p=%s", p).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void failureContract() {
    assertThat(Normal.cdf(Double.NaN)).isNaN();
    assertThat(Normal.quantile(Double.NaN)).isNaN();
    assertThat(Normal.cdf(Double.NEGATIVE_INFINITY)).isZero();
    assertThat(Normal.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1);
    assertThat(Normal.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Normal.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> Normal.quantile(2)).isInstanceOf(IllegalArgumentException.class);
  }
}
