package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SummaryTest {

  /**
   * NIST StRD univariate datasets NumAcc1–4 (itl.nist.gov/div898/strd/univ/numacc1.html …
   * numacc4.html), certified mean and sample standard deviation: NumAcc1 = {10000001, 10000003,
   * 10000002}: mean 10000002, sd 1; NumAcc2 = 1.2 then 500 × (1.1, 1.3): mean 1.2, sd 0.1;
   * NumAcc3 = 1000000.2 then 500 × (1000000.1, 1000000.3): mean 1000000.2, sd 0.1; NumAcc4 =
   * 10000000.2 then 500 × (10000000.1, 10000000.3): mean 10000000.2, sd 0.1. The decimal inputs
   * are not exact in binary, which bounds the attainable sd digits for NumAcc3/4 (~1e−9).
   */
  @Test
  void nistNumAccCertifiedValues() {
    Summary s1 = Summary.of(new double[] {10000001, 10000003, 10000002});
    assertThat(s1.mean()).isEqualTo(10000002);
    assertThat(s1.standardDeviation()).isCloseTo(1, within(1e-15));
    assertThat(s1.median()).isEqualTo(10000002);

    Summary s2 = Summary.of(numAcc(1.2, 1.1, 1.3));
    assertThat(s2.n()).isEqualTo(1001);
    assertThat(s2.mean()).isCloseTo(1.2, within(1e-15));
    assertThat(s2.standardDeviation()).isCloseTo(0.1, within(1e-14));

    Summary s3 = Summary.of(numAcc(1000000.2, 1000000.1, 1000000.3));
    assertThat(s3.mean() / 1000000.2).isCloseTo(1, within(1e-15));
    assertThat(s3.standardDeviation()).isCloseTo(0.1, within(1e-9));

    Summary s4 = Summary.of(numAcc(10000000.2, 10000000.1, 10000000.3));
    assertThat(s4.mean() / 10000000.2).isCloseTo(1, within(1e-15));
    assertThat(s4.standardDeviation()).isCloseTo(0.1, within(1e-8));
  }

  /**
   * The interval for NumAcc1 uses t_{0.975,2} = 4.302653 (R {@code qt(.975, 2)}, Cross
   * Validated "How can I calculate a critical t value using R?"): 10000002 ± 4.302653/√3.
   */
  @Test
  void confidenceIntervalUsesStudentT() {
    Summary s = Summary.of(new double[] {10000001, 10000003, 10000002});
    assertThat(s.standardError()).isCloseTo(1 / Math.sqrt(3), within(1e-15));
    assertThat(s.halfWidth()).isCloseTo(4.302653 / Math.sqrt(3), within(1e-6));
    assertThat(s.ciLower()).isCloseTo(10000002 - 4.302653 / Math.sqrt(3), within(1e-6));
    assertThat(s.ciUpper()).isCloseTo(10000002 + 4.302653 / Math.sqrt(3), within(1e-6));
    assertThat(s.confidence()).isEqualTo(0.95);
    // 90%: t_{0.95,2} = 2.920 (NIST e-Handbook table, upper 0.05 column).
    Summary s90 = Summary.of(new double[] {10000001, 10000003, 10000002}, 0.90);
    assertThat(s90.halfWidth() * Math.sqrt(3)).isCloseTo(2.920, within(5e-4));
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Summary.of(new double[] {5, 1, 3}).median()).isEqualTo(3);
    assertThat(Summary.of(new double[] {4, 1, 3, 10}).median()).isEqualTo(3.5);
    assertThat(Summary.of(new double[] {-2, -2}).median()).isEqualTo(-2);
  }

  @Test
  void singleValueHasNaNSpread() {
    Summary s = Summary.of(new double[] {42});
    assertThat(s.n()).isEqualTo(1);
    assertThat(s.mean()).isEqualTo(42);
    assertThat(s.median()).isEqualTo(42);
    assertThat(s.standardDeviation()).isNaN();
    assertThat(s.standardError()).isNaN();
    assertThat(s.ciLower()).isNaN();
    assertThat(s.ciUpper()).isNaN();
  }

  @Test
  void constantSampleCollapsesInterval() {
    Summary s = Summary.of(new double[] {7, 7, 7, 7});
    assertThat(s.standardDeviation()).isZero();
    assertThat(s.ciLower()).isEqualTo(7);
    assertThat(s.ciUpper()).isEqualTo(7);
  }

  @Test
  void failureContract() {
    assertThatThrownBy(() -> Summary.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Summary.of(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Summary.of(new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Summary.of(new double[] {1, Double.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Summary.of(new double[] {1, 2}, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Summary.of(new double[] {1, 2}, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runningSummaryMatchesNistWithWelford() {
    RunningSummary r = new RunningSummary(5000);
    r.addAll(numAcc(10000000.2, 10000000.1, 10000000.3));
    assertThat(r.count()).isEqualTo(1001);
    assertThat(r.mean() / 10000000.2).isCloseTo(1, within(1e-15));
    assertThat(r.standardDeviation()).isCloseTo(0.1, within(1e-8));
    assertThat(r.median()).isEqualTo(10000000.2);
    RunningSummary r3 = new RunningSummary().addAll(numAcc(1000000.2, 1000000.1, 1000000.3));
    assertThat(r3.standardDeviation()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void runningSummaryAgreesWithBatchAndBoundsItsWindow() {
    Random random = new Random(7);
    RunningSummary r = new RunningSummary(10);
    double[] all = new double[37];
    for (int i = 0; i < all.length; i++) {
      all[i] = 100 + 5 * random.nextGaussian();
      r.add(all[i]);
      Summary batch = Summary.of(java.util.Arrays.copyOf(all, i + 1));
      assertThat(r.count()).isEqualTo(i + 1);
      assertThat(r.mean()).isCloseTo(batch.mean(), within(1e-12));
      if (i > 0) {
        assertThat(r.standardDeviation()).isCloseTo(batch.standardDeviation(), within(1e-12));
        assertThat(r.standardError()).isCloseTo(batch.standardError(), within(1e-12));
      }
      double[] last = java.util.Arrays.copyOfRange(all, Math.max(0, i - 9), i + 1);
      assertThat(r.windowValues()).containsExactly(last);
      assertThat(r.median()).isEqualTo(Summary.of(last).median());
      assertThat(r.windowSummary()).isEqualTo(Summary.of(last));
    }
  }

  @Test
  void runningSummaryContract() {
    RunningSummary r = new RunningSummary(3);
    assertThat(r.mean()).isNaN();
    assertThat(r.median()).isNaN();
    assertThat(r.variance()).isNaN();
    assertThatThrownBy(r::windowSummary).isInstanceOf(IllegalStateException.class);
    r.add(4);
    assertThat(r.mean()).isEqualTo(4);
    assertThat(r.variance()).isNaN();
    assertThat(r.standardError()).isNaN();
    assertThatThrownBy(() -> r.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(r.count()).isEqualTo(1);
    r.addAll(1, 2, 3);
    assertThat(r.windowValues()).containsExactly(1, 2, 3);
    assertThat(r.median()).isEqualTo(2);
    assertThat(r.mean()).isEqualTo(2.5);
    assertThat(r.windowSize()).isEqualTo(3);
    assertThatThrownBy(() -> new RunningSummary(0)).isInstanceOf(IllegalArgumentException.class);
  }

  static double[] numAcc(double first, double low, double high) {
    double[] v = new double[1001];
    v[0] = first;
    for (int i = 1; i < v.length; i += 2) {
      v[i] = low;
      v[i + 1] = high;
    }
    return v;
  }
}
