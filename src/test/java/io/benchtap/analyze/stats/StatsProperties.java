package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Invariances of the distributions and tests. */
class StatsProperties {

  @Provide
  Arbitrary<double[]> samples() {
    return Arbitraries.doubles().between(-1e3, 1e3).ofScale(3).array(double[].class)
        .ofMinSize(2).ofMaxSize(40);
  }

  @Property(tries = 300)
  void summaryIntervalBracketsMeanAndMedianIsInRange(@ForAll("samples") double[] v) {
    Summary s = Summary.of(v);
    assertThat(s.ciLower()).isLessThanOrEqualTo(s.mean());
    assertThat(s.ciUpper()).isGreaterThanOrEqualTo(s.mean());
    double min = Arrays.stream(v).min().orElseThrow();
    double max = Arrays.stream(v).max().orElseThrow();
    assertThat(s.median()).isBetween(min, max);
    assertThat(s.mean()).isBetween(min - 1e-9, max + 1e-9);
  }

  /** Welch's t and p do not depend on location or (positive) unit; swapping negates t. */
  @Property(tries = 300)
  void welchIsLocationAndScaleInvariant(@ForAll("samples") double[] x,
      @ForAll("samples") double[] y, @ForAll @DoubleRange(min = -1e4, max = 1e4) double shift,
      @ForAll @DoubleRange(min = 0.01, max = 100) double scale) {
    Welch.Result r = Welch.test(x, y);
    Welch.Result s = Welch.test(affine(x, shift, scale), affine(y, shift, scale));
    if (Double.isNaN(r.t())) {
      return;
    }
    assertThat(s.t()).isCloseTo(r.t(), within(1e-7 * (1 + Math.abs(r.t()))));
    assertThat(s.pValue()).isCloseTo(r.pValue(), within(1e-7));
    assertThat(Welch.test(y, x).t()).isCloseTo(-r.t(), within(1e-12 * (1 + Math.abs(r.t()))));
  }

  /** Rank statistics ignore any increasing transformation; U_x + U_y = n_x·n_y. */
  @Property(tries = 300)
  void mannWhitneyDependsOnlyOnRanks(@ForAll("samples") double[] x,
      @ForAll("samples") double[] y) {
    MannWhitney.Result r = MannWhitney.test(x, y);
    MannWhitney.Result t = MannWhitney.test(Arrays.stream(x).map(Math::cbrt).toArray(),
        Arrays.stream(y).map(Math::cbrt).toArray());
    assertThat(r.u() + r.uY()).isEqualTo((double) x.length * y.length);
    assertThat(t.u()).isEqualTo(r.u());
    assertThat(t.pValue()).isEqualTo(r.pValue());
    assertThat(MannWhitney.test(y, x).pValue()).isCloseTo(r.pValue(), within(1e-12));
    assertThat(r.pValue()).isBetween(0.0, 1.0);
  }

  private static double[] affine(double[] v, double shift, double scale) {
    return Arrays.stream(v).map(e -> shift + scale * e).toArray();
  }
}
