package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.analyze.stats.RatioInterval.Method;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariances of the relative change and its interval. */
class RatioIntervalProperties {

  /** Benchmark-like samples: a level in [1, 10⁴] times 1 ± up to 30% noise, 2–30 values. */
  @Provide
  Arbitrary<double[]> samples() {
    Arbitrary<Double> level = Arbitraries.doubles().between(1, 1e4);
    Arbitrary<double[]> noise = Arbitraries.doubles().between(-0.3, 0.3).ofScale(6)
        .array(double[].class).ofMinSize(2).ofMaxSize(30);
    return level.flatMap(l -> noise.map(n -> Arrays.stream(n).map(e -> l * (1 + e)).toArray()));
  }

  /** Scale factors 10^u, u uniform in [−3, 3]. */
  @Provide
  Arbitrary<Double> factors() {
    return Arbitraries.doubles().between(-3, 3).ofScale(6).map(u -> Math.pow(10, u));
  }

  /** Scaling both samples by c &gt; 0 (a unit change) leaves change and bounds unchanged. */
  @Property(tries = 300)
  void scalingBothSamplesChangesNothing(@ForAll("samples") double[] a,
      @ForAll("samples") double[] b, @ForAll("factors") double c,
      @ForAll Method method) {
    RatioInterval.Result r = RatioInterval.of(a, b, 0.95, method);
    RatioInterval.Result s = RatioInterval.of(scale(a, c), scale(b, c), 0.95, method);
    assertClose(s.change(), r.change());
    assertThat(s.bounded()).isEqualTo(r.bounded());
    if (r.bounded()) {
      assertClose(s.lower(), r.lower());
      assertClose(s.upper(), r.upper());
    }
  }

  /**
   * Swapping the sides negates the log-ratio: ln(1 + change(a→b)) = −ln(1 + change(b→a)), i.e.
   * b/a − 1 and a/b − 1 are reciprocal ratios; Fieller's interval maps the same way, its lower
   * bound becoming the other's upper bound.
   */
  @Property(tries = 300)
  void swappingSidesNegatesTheLogRatio(@ForAll("samples") double[] a,
      @ForAll("samples") double[] b) {
    RatioInterval.Result ab = RatioInterval.of(a, b);
    RatioInterval.Result ba = RatioInterval.of(b, a);
    assertThat(Math.log1p(ab.change())).isCloseTo(-Math.log1p(ba.change()), within(1e-12));
    Assume.that(ab.bounded() && ba.bounded());
    assertThat(Math.log1p(ab.lower())).isCloseTo(-Math.log1p(ba.upper()), within(1e-9));
    assertThat(Math.log1p(ab.upper())).isCloseTo(-Math.log1p(ba.lower()), within(1e-9));
  }

  /** The interval contains the estimate and widens with the confidence level. */
  @Property(tries = 300)
  void intervalContainsEstimateAndNests(@ForAll("samples") double[] a,
      @ForAll("samples") double[] b, @ForAll Method method) {
    RatioInterval.Result r95 = RatioInterval.of(a, b, 0.95, method);
    RatioInterval.Result r99 = RatioInterval.of(a, b, 0.99, method);
    Assume.that(r99.bounded());
    assertThat(r95.bounded()).isTrue();
    assertThat(r95.lower()).isLessThanOrEqualTo(r95.change());
    assertThat(r95.upper()).isGreaterThanOrEqualTo(r95.change());
    assertThat(r99.lower()).isLessThanOrEqualTo(r95.lower());
    assertThat(r99.upper()).isGreaterThanOrEqualTo(r95.upper());
  }

  private static double[] scale(double[] v, double c) {
    return Arrays.stream(v).map(x -> x * c).toArray();
  }

  private static void assertClose(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(1e-9 * (1 + Math.abs(expected))));
  }
}
