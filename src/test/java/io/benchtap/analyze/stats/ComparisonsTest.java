package io.benchtap.analyze.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.analyze.stats.Comparisons.Correction;
import io.benchtap.analyze.stats.Comparisons.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * One method for the number, its interval, its p and "significant" (docs/analysis.md): reference
 * values from SciPy 1.10.1 and statsmodels 0.13.5 (Debian bookworm's python3-scipy and
 * python3-statsmodels), agreement of interval and verdict on any family, and the false discovery
 * rate of a campaign of cells with no difference.
 */
class ComparisonsTest {
  private static final double[] A = {101.2, 99.8, 100.5, 100.9, 99.1, 100.2, 100.7, 99.5};
  private static final double[] B = {96.1, 95.2, 97.3, 96.6, 95.9, 96.8, 95.5, 96.2, 97.0, 96.4};

  /**
   * Without correction a single comparison's p is Welch's: SciPy
   * {@code scipy.stats.ttest_ind(A, B, equal_var=False)} gives t = 11.924959873562617,
   * p = 7.400726871146299e-09.
   */
  @Test
  void aSingleComparisonsPIsWelchsAsScipyComputesIt() {
    Result r = Comparisons.judge(one(A, B), 2, 0.05, Correction.NONE).get(0);
    assertThat(r.p()).isCloseTo(7.400726871146299e-09, within(1e-15));
    assertThat(r.pAdjusted()).isEqualTo(r.p());
    assertThat(r.significant()).isTrue();
    assertThat(r.level()).isEqualTo(0.95);
    assertThat(r.upper()).isLessThan(0);
    assertThat(Welch.test(A, B).t()).isCloseTo(11.924959873562617, within(1e-12));
  }

  /**
   * Benjamini–Hochberg adjusted p-values and rejections at q = 0.05, as statsmodels
   * {@code multipletests([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205], alpha=0.05,
   * method='fdr_bh')} gives them: [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.084571, 0.205],
   * the first two rejected.
   */
  @Test
  void benjaminiHochbergAdjustsLikeStatsmodels() {
    double[] p = {0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205};
    double[] expected = {0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.084571, 0.205};
    List<double[][]> pairs = new ArrayList<>();
    for (double target : p) {
      pairs.add(pairWithWelchP(target));
    }
    List<Result> r = Comparisons.judge(pairs, 2, 0.05, Correction.BH);
    for (int i = 0; i < p.length; i++) {
      assertThat(r.get(i).p()).as("raw p %d", i).isCloseTo(p[i], within(1e-9));
      assertThat(r.get(i).pAdjusted()).as("adjusted p %d", i).isCloseTo(expected[i], within(5e-7));
      assertThat(r.get(i).significant()).as("rejected %d", i).isEqualTo(i < 2);
    }
    // Two discoveries of eight: every interval is at level 1 − 2·0.05/8.
    assertThat(r.get(0).level()).isCloseTo(1 - 2 * 0.05 / 8, within(1e-15));
  }

  /**
   * Two samples of 10 whose Welch p is {@code target}: a = fixed noise around 100, b the same
   * noise shifted until Welch's t gives that p (found by bisection on the shift).
   */
  static double[][] pairWithWelchP(double target) {
    double[] noise = {0.3, -0.7, 1.1, -0.2, 0.5, -1.3, 0.9, -0.4, 0.1, -0.3};
    double[] a = new double[10];
    for (int i = 0; i < 10; i++) {
      a[i] = 100 + noise[i];
    }
    double lo = 0;
    double hi = 10;
    double[] b = new double[10];
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      for (int i = 0; i < 10; i++) {
        b[i] = 100 + noise[9 - i] + mid;
      }
      if (Welch.test(a, b).pValue() > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new double[][] {a, b};
  }

  /** A family of 1..30 comparisons drawn from a seed: levels, noise (cv 0.1 % to 30 %), shifts up to ±30 %, 2 to 25 values a side. */
  static List<double[][]> family(long seed) {
    Random rnd = new Random(seed);
    int cells = 1 + rnd.nextInt(30);
    List<double[][]> out = new ArrayList<>();
    for (int c = 0; c < cells; c++) {
      double level = 1 + 999 * rnd.nextDouble();
      double cv = 0.001 + 0.3 * rnd.nextDouble();
      double shift = -0.3 + 0.6 * rnd.nextDouble() * (rnd.nextBoolean() ? 1 : 0.05);
      out.add(new double[][] {side(rnd, level, cv, 0), side(rnd, level, cv, shift)});
    }
    return out;
  }

  private static double[] side(Random rnd, double level, double cv, double shift) {
    double[] v = new double[2 + rnd.nextInt(24)];
    for (int i = 0; i < v.length; i++) {
      v[i] = level * (1 + shift) * (1 + cv * (2 * rnd.nextDouble() - 1));
    }
    return v;
  }

  /**
   * On any family, with or without correction: a judged comparison is significant exactly when
   * its adjusted p is below q and exactly when its interval excludes 0 (no "[−2.4 %, +64.6 %],
   * significant").
   */
  @Property(tries = 400)
  void intervalPAndVerdictAgree(@ForAll long seed, @ForAll boolean bh) {
    List<double[][]> family = family(seed);
    List<Result> results = Comparisons.judge(family, 2, 0.05, bh ? Correction.BH : Correction.NONE);
    for (Result r : results) {
      assertThat(r.judged()).isTrue();
      assertThat(r.significant()).isEqualTo(r.pAdjusted() < 0.05);
      if (!Double.isNaN(r.lower()) && !Double.isNaN(r.upper())) {
        boolean excludesZero = r.lower() > 0 || r.upper() < 0;
        assertThat(excludesZero).as("interval [%s, %s] at %s, p %s adjusted %s", r.lower(), r.upper(), r.level(), r.p(),
            r.pAdjusted()).isEqualTo(r.significant());
        assertThat(r.lower()).isLessThanOrEqualTo(r.change());
        assertThat(r.upper()).isGreaterThanOrEqualTo(r.change());
      }
    }
  }

  /**
   * What the old method showed: Fieller's interval with the degrees of freedom at the estimate
   * beside Welch's p. Among seeded random small samples (4 against 4, one side noisy) it
   * contradicts itself (the interval contains 0, p below 0.05, or the reverse); the new method
   * never does on the same samples.
   */
  @Test
  void theOldMixOfMethodsContradictedItselfAndTheNewOneDoesNot() {
    Random rnd = new Random(20261205);
    int contradictions = 0;
    for (int trial = 0; trial < 5_000; trial++) {
      double[] a = new double[4];
      double[] b = new double[4];
      for (int i = 0; i < 4; i++) {
        a[i] = 100 * (1 + 0.05 * rnd.nextGaussian());
        b[i] = 130 * (1 + 0.3 * rnd.nextGaussian());
      }
      if (!positive(a) || !positive(b)) {
        continue;
      }
      double oldP = Welch.test(a, b).pValue();
      double[] oldInterval = oldFieller(a, b);
      if (Double.isNaN(oldInterval[0])) {
        continue;
      }
      boolean oldExcludes = oldInterval[0] > 1 || oldInterval[1] < 1;
      if (oldExcludes != (oldP < 0.05)) {
        contradictions++;
        Result r = Comparisons.judge(one(a, b), 2, 0.05, Correction.NONE).get(0);
        if (!Double.isNaN(r.lower()) && !Double.isNaN(r.upper())) {
          assertThat(r.lower() > 0 || r.upper() < 0).isEqualTo(r.significant());
        }
      }
    }
    assertThat(contradictions).as("the old method's contradictions in these samples").isPositive();
  }

  private static boolean positive(double[] v) {
    for (double x : v) {
      if (x <= 0) {
        return false;
      }
    }
    return true;
  }

  /** The old interval: Fieller with t at the Welch–Satterthwaite degrees of freedom of the estimate ρ̂. */
  private static double[] oldFieller(double[] a, double[] b) {
    double ma = Moments.mean(a);
    double mb = Moments.mean(b);
    double va = Moments.variance(a, ma) / a.length;
    double vb = Moments.variance(b, mb) / b.length;
    double df = RatioInterval.welchDf(va, a.length, vb, b.length, mb / ma);
    double t = TDistribution.of(df).inverseCumulativeProbability(0.975);
    return RatioInterval.fieller(mb, Math.sqrt(vb), ma, Math.sqrt(va), t);
  }

  /**
   * A campaign of 40 cells with no difference (the same distribution natively and "in a
   * container", 10 repetitions each), 400 times: Benjamini–Hochberg at 0.05 calls something
   * significant in at most about 5 % of the campaigns (under no difference at all the false
   * discovery rate is the chance of any discovery). Without correction almost every campaign
   * has a false alarm (1 − 0.95^40 ≈ 0.87), which is what the correction is for.
   */
  @Test
  void aCampaignOfFortyNullCellsRaisesAtMostTheConfiguredFalseDiscoveryShare() {
    Random rnd = new Random(40);
    int campaigns = 400;
    int withDiscoveryBh = 0;
    int withDiscoveryNone = 0;
    int discoveriesBh = 0;
    for (int c = 0; c < campaigns; c++) {
      List<double[][]> family = new ArrayList<>();
      for (int cell = 0; cell < 40; cell++) {
        double level = 50 + 1000 * rnd.nextDouble();
        double cv = 0.005 + 0.1 * rnd.nextDouble();
        double[] a = new double[10];
        double[] b = new double[10];
        for (int i = 0; i < 10; i++) {
          a[i] = level * (1 + cv * rnd.nextGaussian());
          b[i] = level * (1 + cv * rnd.nextGaussian());
        }
        family.add(new double[][] {a, b});
      }
      long bh = Comparisons.judge(family, 10, 0.05, Correction.BH).stream().filter(Result::significant).count();
      long none = Comparisons.judge(family, 10, 0.05, Correction.NONE).stream().filter(Result::significant).count();
      discoveriesBh += (int) bh;
      withDiscoveryBh += bh > 0 ? 1 : 0;
      withDiscoveryNone += none > 0 ? 1 : 0;
    }
    double share = withDiscoveryBh / (double) campaigns;
    System.out.printf("null campaigns with a false discovery: BH %.3f (%d cells in all), none %.3f%n", share, discoveriesBh,
        withDiscoveryNone / (double) campaigns);
    // 0.05 plus three binomial standard deviations of 400 campaigns (0.033).
    assertThat(share).isLessThanOrEqualTo(0.05 + 3 * Math.sqrt(0.05 * 0.95 / campaigns));
    assertThat(withDiscoveryNone / (double) campaigns).isGreaterThan(0.7);
  }

  @Test
  void belowTheMinimumNothingIsJudged() {
    double[] two = {100, 101};
    double[] far = {200, 201};
    Result r = Comparisons.judge(one(two, far), 10, 0.05, Correction.BH).get(0);
    assertThat(r.judged()).isFalse();
    assertThat(r.significant()).isFalse();
    assertThat(r.p()).isNaN();
    assertThat(r.lower()).isNaN();
    assertThat(r.change()).isCloseTo(200.5 / 100.5 - 1, within(1e-12));
    assertThat(r.reason()).isEqualTo("not judged yet: 2 of 10 values needed on each side");
  }

  private static List<double[][]> one(double[] a, double[] b) {
    List<double[][]> l = new ArrayList<>();
    l.add(new double[][] {a, b});
    return l;
  }

  @Test
  void noiseIsTheLargerCoefficientOfVariation() {
    Result r = Comparisons.judge(one(A, B), 2, 0.05, Correction.NONE).get(0);
    double cvA = Summary.of(A).standardDeviation() / Summary.of(A).mean();
    double cvB = Summary.of(B).standardDeviation() / Summary.of(B).mean();
    assertThat(r.noise()).isCloseTo(Math.max(cvA, cvB), within(1e-15));
  }
}
