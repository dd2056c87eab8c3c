package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.analyze.stats.MannWhitney.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

  static final double[] MALES = {19, 22, 16, 29, 24};
  static final double[] FEMALES = {20, 11, 17, 12};

  /**
   * SciPy documentation, {@code scipy.stats.mannwhitneyu}, Examples (after Shier 2004, "The
   * Mann-Whitney U Test"): males {19, 22, 16, 29, 24} vs females {20, 11, 17, 12}: U1 = 17.0,
   * U2 = 3.0, exact two-sided p = 0.1111111111111111; asymptotic (continuity-corrected)
   * p = 0.11134688653314041; reversed one-sided exact p = 0.05555555555555555 (half of it).
   */
  @Test
  void scipyDocumentationExample() {
    MannWhitney.Result exact = MannWhitney.test(MALES, FEMALES);
    assertThat(exact.method()).isEqualTo(Method.EXACT);
    assertThat(exact.u()).isEqualTo(17);
    assertThat(exact.uY()).isEqualTo(3);
    assertThat(exact.pValue()).isCloseTo(0.1111111111111111, within(1e-15));
    assertThat(MannWhitney.test(FEMALES, MALES).pValue() / 2)
        .isCloseTo(0.05555555555555555, within(1e-15));
    MannWhitney.Result normal = MannWhitney.test(MALES, FEMALES, Method.NORMAL);
    assertThat(normal.pValue()).isCloseTo(0.11134688653314041, within(1e-14));
  }

  /**
   * endmemo.com "R wilcox.test": x = c(1,5,9,24,56,21,3,7,21,4), y =
   * c(12,15,5,9,9,14,56,22,3,7,32,5) (ties, so R uses the normal approximation with continuity
   * correction) prints W = 51.5, p-value = 0.5966; with y = c(1233,4356,987,39999,1111,200000)
   * it prints W = 0, p-value = 0.001364.
   */
  @Test
  void endmemoRExamplesWithTies() {
    double[] x = {1, 5, 9, 24, 56, 21, 3, 7, 21, 4};
    MannWhitney.Result r = MannWhitney.test(x, new double[] {12, 15, 5, 9, 9, 14, 56, 22, 3, 7,
        32, 5});
    assertThat(r.ties()).isTrue();
    assertThat(r.method()).isEqualTo(Method.NORMAL);
    assertThat(r.u()).isEqualTo(51.5);
    assertThat(r.pValue()).isCloseTo(0.5966, within(5e-5));
    MannWhitney.Result far = MannWhitney.test(x, new double[] {1233, 4356, 987, 39999, 1111,
        200000});
    assertThat(far.u()).isZero();
    assertThat(far.pValue()).isCloseTo(0.001364, within(5e-7));
  }

  /**
   * sanchitatewari.blogspot.com "R:: Mann Whitney U test": {@code wilcox.test(l, ll, exact=F)}
   * with l = c(6,4.8,5.1,5.5,4.1,5.3,4.5,5.1), ll = c(6.5,5.5,6.3,7.2,6.8,5.5,5.9,5.5) prints
   * W = 5.5, p-value = 0.005907, and reversed W = 58.5 with the same p.
   */
  @Test
  void blogRExampleWithTies() {
    double[] l = {6, 4.8, 5.1, 5.5, 4.1, 5.3, 4.5, 5.1};
    double[] ll = {6.5, 5.5, 6.3, 7.2, 6.8, 5.5, 5.9, 5.5};
    MannWhitney.Result r = MannWhitney.test(l, ll);
    assertThat(r.u()).isEqualTo(5.5);
    assertThat(r.pValue()).isCloseTo(0.005907, within(5e-7));
    MannWhitney.Result back = MannWhitney.test(ll, l);
    assertThat(back.u()).isEqualTo(58.5);
    assertThat(back.pValue()).isCloseTo(r.pValue(), within(1e-15));
  }

  /**
   * Statistics only: Mathematics Stack Exchange (math.techqa.club "Nonparametric test for sample
   * and control") — R's {@code wilcox.test(toxin, control)} reports W = 27 for toxin = {543, 523,
   * 431, 635, 564, 549}, control = {535, 385, 502, 412, 387}; Minitab's "Calculating
   * Mann-Whitney statistics" (support.minitab.com) gives the rank-sum W = 33.5 for {22, 24, 25,
   * 29, 30} vs {16, 21, 22, 23}, i.e. U = 33.5 − 5·6/2 = 18.5.
   */
  @Test
  void statisticsFromRAndMinitab() {
    assertThat(MannWhitney.test(new double[] {543, 523, 431, 635, 564, 549},
        new double[] {535, 385, 502, 412, 387}).u()).isEqualTo(27);
    assertThat(MannWhitney.test(new double[] {22, 24, 25, 29, 30},
        new double[] {16, 21, 22, 23}).u()).isEqualTo(18.5);
  }

  /**
   * AUTO is exact while both samples have fewer than 50 values and no ties (as R's
   * wilcox.test), normal otherwise; exact and normal agree loosely at 20 × 20.
   */
  @Test
  void autoIsExactForSmallUntiedSamples() {
    Random random = new Random(3);
    double[] x = new double[20];
    double[] y = new double[20];
    for (int i = 0; i < 20; i++) {
      x[i] = random.nextGaussian();
      y[i] = random.nextGaussian() + 0.6;
    }
    MannWhitney.Result auto = MannWhitney.test(x, y);
    assertThat(auto.method()).isEqualTo(Method.EXACT);
    MannWhitney.Result normal = MannWhitney.test(x, y, Method.NORMAL);
    assertThat(auto.pValue()).isCloseTo(normal.pValue(), within(0.01));
    double[] big = java.util.stream.IntStream.range(0, 50).asDoubleStream().toArray();
    assertThat(MannWhitney.test(big, x).method()).isEqualTo(Method.NORMAL);
  }

  @Test
  void allTiedIsNoEvidence() {
    MannWhitney.Result r = MannWhitney.test(new double[] {2, 2, 2}, new double[] {2, 2});
    assertThat(r.u()).isEqualTo(3);
    assertThat(r.pValue()).isEqualTo(1);
  }

  @Test
  void failureContract() {
    assertThatThrownBy(() -> MannWhitney.test(null, MALES))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MannWhitney.test(new double[0], MALES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MannWhitney.test(MALES, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
