package io.benchtap.analyze.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Judges a family of comparisons together — every container cell of one campaign against its
 * native baseline, or every cell of a campaign against the previous campaign — so that the
 * number shown, its interval, its p-value and "significant" come from one method and agree:
 *
 * <ol>
 *   <li>A comparison is <b>judged</b> only when both sides have at least {@code minSamples}
 *       values; otherwise it says so ({@link Result#reason()}) and has no p, interval or verdict.
 *   <li>Each judged comparison gets Welch's two-sided p for "no change" (ā = b̄).
 *   <li>With {@link Correction#BH} the family's p-values are adjusted by Benjamini–Hochberg (the
 *       share of false discoveries among those called significant is at most {@code q}): R is the
 *       largest rank i with p_(i) &lt; i·q/m; the adjusted p_(i) is min over j ≥ i of
 *       m·p_(j)/j. With {@link Correction#NONE} the adjusted p is the raw p and R counts p &lt; q.
 *   <li>The interval of the change is Fieller's inversion of the same Welch-type test
 *       ({@link RatioInterval}) at level 1 − max(R, 1)·q/m (1 − q without correction). A
 *       comparison is significant when its adjusted p is below q, which is exactly when its
 *       interval excludes 0: the discoveries' p ≤ p_(R) &lt; R·q/m, the others' p ≥ (R+1)·q/m.
 * </ol>
 *
 * <p>Plain Java; inputs must be finite (see {@link Moments#check}).
 */
public final class Comparisons {

  /** How p-values of a family are adjusted for the number of comparisons. */
  public enum Correction {
    /** Benjamini–Hochberg: controls the false discovery rate at q. */
    BH,
    /** None: each comparison at level q on its own. */
    NONE
  }

  /**
   * The judgement of one comparison of b against its baseline a.
   *
   * @param judged whether both sides had enough values
   * @param reason why not judged (null when judged)
   * @param baseline summary of a
   * @param sample summary of b
   * @param change (b̄ − ā)/ā (NaN when ā = 0)
   * @param lower lower bound of the change at {@code level} (NaN when not judged or unbounded)
   * @param upper upper bound of the change at {@code level}
   * @param level confidence level of the interval (NaN when not judged)
   * @param p Welch's two-sided p for no change (NaN when not judged)
   * @param pAdjusted p adjusted for the family (what {@code significant} uses)
   * @param significant whether the change is called real: pAdjusted &lt; q, the interval excludes 0
   */
  public record Result(boolean judged, String reason, Summary baseline, Summary sample, double change, double lower,
      double upper, double level, double p, double pAdjusted, boolean significant) {

    /** The larger coefficient of variation (sd/mean) of the two sides: the noise beside the change. */
    public double noise() {
      return Math.max(cv(baseline), cv(sample));
    }

    /** Coefficient of variation sd/|mean| of a side; NaN for one value or a zero mean. */
    public static double cv(Summary s) {
      return s.n() < 2 || s.mean() == 0 ? Double.NaN : s.standardDeviation() / Math.abs(s.mean());
    }
  }

  private Comparisons() {}

  /**
   * Judges every pair {a, b} of the family.
   *
   * @param pairs baseline a and sample b of each comparison (each side at least one value)
   * @param minSamples values needed on each side to judge (at least 2)
   * @param q the false discovery rate (or the per-comparison level without correction), in (0, 1)
   */
  public static List<Result> judge(List<double[][]> pairs, int minSamples, double q, Correction correction) {
    if (minSamples < 2) {
      throw new IllegalArgumentException("minSamples must be at least 2, got " + minSamples);
    }
    Moments.checkConfidence(q);
    int n = pairs.size();
    double[] p = new double[n];
    boolean[] judged = new boolean[n];
    List<Integer> tested = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] a = pairs.get(i)[0];
      double[] b = pairs.get(i)[1];
      Moments.check(a, 1, "a");
      Moments.check(b, 1, "b");
      judged[i] = a.length >= minSamples && b.length >= minSamples;
      p[i] = Double.NaN;
      if (judged[i]) {
        p[i] = pValue(a, b);
        tested.add(i);
      }
    }
    int m = tested.size();
    double[] adjusted = new double[n];
    Arrays.fill(adjusted, Double.NaN);
    int discoveries;
    if (correction == Correction.BH) {
      Integer[] order = tested.toArray(new Integer[0]);
      Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
      discoveries = 0;
      for (int rank = 1; rank <= m; rank++) {
        if (p[order[rank - 1]] < rank * q / m) {
          discoveries = rank;
        }
      }
      double running = 1;
      for (int rank = m; rank >= 1; rank--) {
        int i = order[rank - 1];
        running = Math.min(running, p[i] * m / rank);
        adjusted[i] = Math.min(1, running);
      }
    } else {
      discoveries = 0;
      for (int i : tested) {
        adjusted[i] = p[i];
        if (p[i] < q) {
          discoveries++;
        }
      }
    }
    double alpha = correction == Correction.BH ? Math.max(discoveries, 1) * q / Math.max(m, 1) : q;
    double level = 1 - alpha;
    List<Result> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] a = pairs.get(i)[0];
      double[] b = pairs.get(i)[1];
      Summary sa = Summary.of(a);
      Summary sb = Summary.of(b);
      if (!judged[i]) {
        double change = sa.mean() == 0 ? Double.NaN : (sb.mean() - sa.mean()) / sa.mean();
        out.add(new Result(false, "not judged yet: " + Math.min(a.length, b.length) + " of " + minSamples
            + " values needed on each side", sa, sb, change, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false));
        continue;
      }
      RatioInterval.Result r = RatioInterval.of(a, b, level, RatioInterval.Method.FIELLER);
      boolean significant = adjusted[i] < q;
      out.add(new Result(true, null, sa, sb, r.change(), r.lower(), r.upper(), level, p[i], adjusted[i], significant));
    }
    return out;
  }

  /**
   * Welch's two-sided p of ā = b̄; 0 for two different constants, 1 for two equal ones (no
   * spread: the difference is certain either way).
   */
  static double pValue(double[] a, double[] b) {
    Welch.Result w = Welch.test(a, b);
    if (Double.isNaN(w.pValue())) {
      return 1;
    }
    return w.pValue();
  }
}
