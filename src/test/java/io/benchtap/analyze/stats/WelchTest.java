package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WelchTest {

  // Wikipedia "Welch's t-test", Examples (revision 994214781), examples 1–3; the same data are
  // Rosetta Code "Welch's t-test" test sets d1…d6.
  static final double[] D1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1,
      19.6, 19.0, 21.7, 21.4};
  static final double[] D2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9,
      22.1, 22.9, 20.5, 24.4};
  static final double[] D3 = {17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8};
  static final double[] D4 = {21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7,
      21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8};
  static final double[] D5 = {19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0};
  static final double[] D6 = {28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2,
      17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 24.0, 13.2};

  /** Wikipedia "Welch's t-test" example 1: Welch t = −2.46, ν = 24.99, p = 0.021. */
  @Test
  void wikipediaExample1() {
    Welch.Result r = Welch.test(D1, D2);
    assertThat(r.t()).isCloseTo(-2.46, within(0.005));
    assertThat(r.df()).isCloseTo(24.99, within(0.005));
    assertThat(r.pValue()).isCloseTo(0.021, within(0.0005));
    assertThat(r.meanX()).isCloseTo(20.82, within(1e-12));
  }

  /**
   * Rosetta Code "Welch's t-test": the task's CORRECT_ANSWERS, the two-sided p-values of R's
   * {@code t.test(x, y)} for its eight test sets (C solution): 0.021378001462867,
   * 0.148841696605327, 0.0359722710297968, 0.090773324285671, 0.0107515611497845,
   * 0.00339907162713746, 0.52726574965384, 0.545266866977794.
   */
  @Test
  void rosettaCodeRValues() {
    double[][][] sets = {
        {D1, D2}, {D3, D4}, {D5, D6},
        {{30.02, 29.99, 30.11, 29.97, 30.01, 29.99}, {29.89, 29.93, 29.72, 29.98, 30.02, 29.98}},
        {{3.0, 4.0, 1.0, 2.1}, {490.2, 340.0, 433.9}},
        {{0.010268, 0.000167, 0.000167}, {0.159258, 0.136278, 0.122389}},
        {{1.0 / 15, 10.0 / 62.0}, {1.0 / 10, 2 / 50.0}},
        {{9 / 23.0, 21 / 45.0, 0 / 38.0}, {0 / 44.0, 42 / 94.0, 0 / 22.0}}};
    double[] expected = {0.021378001462867, 0.148841696605327, 0.0359722710297968,
        0.090773324285671, 0.0107515611497845, 0.00339907162713746, 0.52726574965384,
        0.545266866977794};
    for (int i = 0; i < sets.length; i++) {
      double p = Welch.test(sets[i][0], sets[i][1]).pValue();
      assertThat(p / expected[i]).as("set %d: p=%s", i + 1, p).isCloseTo(1, within(1e-12));
    }
  }

  /**
   * statscodes.com "Welch's Two Sample T-tests in R": {@code t.test(c(5.1, 2.0, 4.1, 6.2, 7.1,
   * 8.3), c(1.5, 6.4, 3.3, 5.8, 4.8, 7.2, 5.6, 4.5))} prints t = 0.51703, df = 9.48,
   * p-value = 0.617, 95 percent confidence interval −1.935420 3.093754.
   */
  @Test
  void statscodesRExample() {
    Welch.Result r = Welch.test(new double[] {5.1, 2.0, 4.1, 6.2, 7.1, 8.3},
        new double[] {1.5, 6.4, 3.3, 5.8, 4.8, 7.2, 5.6, 4.5});
    assertThat(r.t()).isCloseTo(0.51703, within(5e-6));
    assertThat(r.df()).isCloseTo(9.48, within(5e-3));
    assertThat(r.pValue()).isCloseTo(0.617, within(5e-4));
    assertThat(r.ciLower()).isCloseTo(-1.935420, within(5e-7));
    assertThat(r.ciUpper()).isCloseTo(3.093754, within(5e-7));
  }

  /**
   * r.omics.wiki "T-test and Confidence Interval (CI)": {@code t.test(x, y)} with x =
   * c(6.6,5.3,2.2,2.3,7.1,1.6,6.1,2.0,2.5,3.7), y = c(6.3,14.7,10.3,7.8,3.7,5.8,4.5,7.8,11.1,
   * 10.8) prints t = −3.4068, df = 15.045, p-value = 0.003889, CI −7.054604 −1.625396, means
   * 3.94 and 8.28.
   */
  @Test
  void rOmicsRExample() {
    Welch.Result r = Welch.test(new double[] {6.6, 5.3, 2.2, 2.3, 7.1, 1.6, 6.1, 2.0, 2.5, 3.7},
        new double[] {6.3, 14.7, 10.3, 7.8, 3.7, 5.8, 4.5, 7.8, 11.1, 10.8});
    assertThat(r.t()).isCloseTo(-3.4068, within(5e-5));
    assertThat(r.df()).isCloseTo(15.045, within(5e-4));
    assertThat(r.pValue()).isCloseTo(0.003889, within(5e-7));
    assertThat(r.ciLower()).isCloseTo(-7.054604, within(5e-7));
    assertThat(r.ciUpper()).isCloseTo(-1.625396, within(5e-7));
    assertThat(r.meanX()).isCloseTo(3.94, within(1e-12));
    assertThat(r.meanY()).isCloseTo(8.28, within(1e-12));
    assertThat(r.difference()).isCloseTo(3.94 - 8.28, within(1e-12));
  }

  /**
   * A Cross Validated answer on Welch intervals (as reproduced on boxhoidap.com):
   * {@code t.test(ts1, ts2)} with ts1 = c(11,9,10,11,10,12,9,11,12,9), ts2 =
   * c(11,13,10,13,12,9,11,12,12,11) prints t = −1.8325, df = 17.9, p-value = 0.08356, CI
   * −2.1469104 0.1469104.
   */
  @Test
  void crossValidatedRExample() {
    Welch.Result r = Welch.test(new double[] {11, 9, 10, 11, 10, 12, 9, 11, 12, 9},
        new double[] {11, 13, 10, 13, 12, 9, 11, 12, 12, 11});
    assertThat(r.t()).isCloseTo(-1.8325, within(5e-5));
    assertThat(r.df()).isCloseTo(17.9, within(5e-2));
    assertThat(r.pValue()).isCloseTo(0.08356, within(5e-6));
    assertThat(r.ciLower()).isCloseTo(-2.1469104, within(5e-8));
    assertThat(r.ciUpper()).isCloseTo(0.1469104, within(5e-8));
  }

  @Test
  void swappingSamplesFlipsSigns() {
    Welch.Result a = Welch.test(D5, D6);
    Welch.Result b = Welch.test(D6, D5);
    assertThat(b.t()).isCloseTo(-a.t(), within(1e-12));
    assertThat(b.df()).isCloseTo(a.df(), within(1e-9));
    assertThat(b.pValue()).isCloseTo(a.pValue(), within(1e-15));
    assertThat(b.ciLower()).isCloseTo(-a.ciUpper(), within(1e-12));
  }

  @Test
  void ninetyNinePercentIntervalIsWider() {
    Welch.Result r95 = Welch.test(D1, D2);
    Welch.Result r99 = Welch.test(D1, D2, 0.99);
    assertThat(r99.ciLower()).isLessThan(r95.ciLower());
    assertThat(r99.ciUpper()).isGreaterThan(r95.ciUpper());
    // The 95% interval excludes 0 exactly when p < 0.05.
    assertThat(r95.ciUpper()).isNegative();
    assertThat(r95.pValue()).isLessThan(0.05);
  }

  @Test
  void degenerateConstantSamples() {
    Welch.Result same = Welch.test(new double[] {3, 3, 3}, new double[] {3, 3});
    assertThat(same.t()).isNaN();
    assertThat(same.pValue()).isNaN();
    assertThat(same.df()).isNaN();
    Welch.Result apart = Welch.test(new double[] {3, 3, 3}, new double[] {5, 5});
    assertThat(apart.t()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(apart.pValue()).isZero();
    assertThat(apart.ciLower()).isEqualTo(-2);
    assertThat(apart.ciUpper()).isEqualTo(-2);
    // One constant sample: ν = n − 1 of the other.
    Welch.Result one = Welch.test(new double[] {3, 3, 3}, new double[] {4, 5, 6, 7});
    assertThat(one.df()).isCloseTo(3, within(1e-12));
  }

  @Test
  void failureContract() {
    assertThatThrownBy(() -> Welch.test(null, D1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Welch.test(new double[] {1}, D1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Welch.test(D1, new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Welch.test(D1, D2, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
