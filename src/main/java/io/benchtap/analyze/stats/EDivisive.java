package io.benchtap.analyze.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Change-point detection by E-divisive with means (Matteson &amp; James 2014, "A nonparametric
 * approach for multiple change point analysis of multivariate data", JASA 109(505), with
 * α = 1, univariate), as used by MongoDB's signal-processing-algorithms and Hunter/Apache Otava
 * to flag performance shifts in benchmark histories.
 *
 * <p>For a segment Z split at τ into X = Z[s, τ) (n values) and Y = Z[τ, e) (m values):
 *
 * <pre>
 *   Ê(X, Y) = 2/(nm) Σ|x − y| − Σ_{i&lt;k}|x_i − x_k| / C(n, 2) − Σ_{j&lt;k}|y_j − y_k| / C(m, 2)
 *   q̂(τ)    = nm/(n + m) · Ê(X, Y)
 * </pre>
 *
 * The candidate of a pass is the τ with the largest q̂ over every current segment (both parts
 * at least {@code minSegment} long). Its significance is a permutation test: the values of each
 * current segment are shuffled within the segment R times (a {@link SplittableRandom} seeded
 * with {@code seed} at every {@link #detect} call, so results are deterministic), the best q̂ is
 * recomputed, and p = (#{permuted best ≥ observed} + 1)/(R + 1). If p ≤ the threshold the point
 * is kept, its segment is split and the search recurses (bisection); otherwise detection stops.
 *
 * <p>Cost: the sums are updated as τ moves right with Fenwick trees over the segment's value
 * ranks, so one scan of a segment of length L is O(L log L) and a pass costs
 * O(R · n log n); n = 5000 with R = 199 takes well under a second per change point.
 *
 * <p>Failure contract: {@link #detect} throws {@link NullPointerException} for null and
 * {@link IllegalArgumentException} for NaN or ±∞ values; a series shorter than
 * 2·{@code minSegment} yields no change points, as does a constant series (q̂ = 0 everywhere).
 * The constructor throws {@link IllegalArgumentException} for permutations &lt; 1, a threshold
 * outside (0, 1) or minSegment &lt; 2.
 */
public final class EDivisive {

  /** Default number of permutations: 199. */
  public static final int DEFAULT_PERMUTATIONS = 199;
  /** Default p-value threshold: 0.05. */
  public static final double DEFAULT_THRESHOLD = 0.05;
  /** Default minimum segment length: 5. */
  public static final int DEFAULT_MIN_SEGMENT = 5;
  /** Default seed. */
  public static final long DEFAULT_SEED = 0x5EED_B37C_4A9L;

  private final int permutations;
  private final double threshold;
  private final int minSegment;
  private final long seed;

  /** Detector with the defaults (199 permutations, p ≤ 0.05, segments ≥ 5, fixed seed). */
  public EDivisive() {
    this(DEFAULT_PERMUTATIONS, DEFAULT_THRESHOLD, DEFAULT_MIN_SEGMENT, DEFAULT_SEED);
  }

  /** Detector with explicit settings. */
  public EDivisive(int permutations, double pValueThreshold, int minSegment, long seed) {
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
    }
    if (!(pValueThreshold > 0 && pValueThreshold < 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1), got " + pValueThreshold);
    }
    if (minSegment < 2) {
      throw new IllegalArgumentException("minSegment must be >= 2, got " + minSegment);
    }
    this.permutations = permutations;
    this.threshold = pValueThreshold;
    this.minSegment = minSegment;
    this.seed = seed;
  }

  /** Change points of the series, by increasing index. */
  public List<ChangePoint> detect(double[] series) {
    Objects.requireNonNull(series, "series");
    for (int i = 0; i < series.length; i++) {
      if (!Double.isFinite(series[i])) {
        throw new IllegalArgumentException("series[" + i + "] is not finite: " + series[i]);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    TreeSet<Integer> bounds = new TreeSet<>(List.of(0, series.length));
    List<Segment> segments = new ArrayList<>();
    segments.add(new Segment(series, 0, series.length));
    List<Accepted> accepted = new ArrayList<>();
    while (true) {
      Segment best = null;
      for (Segment s : segments) {
        if (s.bestSplit >= 0 && (best == null || s.bestQ > best.bestQ)) {
          best = s;
        }
      }
      if (best == null || !(best.bestQ > 0)) {
        break;
      }
      double p = permutationP(segments, best.bestQ, random);
      if (p > threshold) {
        break;
      }
      accepted.add(new Accepted(best.bestSplit, p));
      bounds.add(best.bestSplit);
      segments.remove(best);
      segments.add(new Segment(series, best.from, best.bestSplit));
      segments.add(new Segment(series, best.bestSplit, best.to));
    }
    List<ChangePoint> out = new ArrayList<>();
    for (Accepted a : accepted) {
      out.add(new ChangePoint(a.index, a.pValue, mean(series, bounds.lower(a.index), a.index),
          mean(series, a.index, bounds.higher(a.index))));
    }
    out.sort(Comparator.comparingInt(ChangePoint::index));
    return out;
  }

  private double permutationP(List<Segment> segments, double observed, SplittableRandom random) {
    int atLeast = 0;
    // Once more than threshold·(R+1) − 1 permutations reach the observed value the point is
    // rejected whatever follows: stop there (only accepted p-values are reported).
    double limit = threshold * (permutations + 1) - 1;
    for (int r = 0; r < permutations; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (Segment s : segments) {
        if (s.bestSplit >= 0) {
          max = Math.max(max, s.permutedBestQ(random));
        }
      }
      if (max >= observed && ++atLeast > limit) {
        return 1;
      }
    }
    return (atLeast + 1.0) / (permutations + 1);
  }

  private record Accepted(int index, double pValue) {}

  private static double mean(double[] series, int from, int to) {
    return Moments.mean(Arrays.copyOfRange(series, from, to));
  }

  /** One segment [from, to): its values sorted (centred) and its order as ranks into them. */
  private final class Segment {
    final int from;
    final int to;
    final double[] sorted;
    final int[] ranks;
    int bestSplit = -1;
    double bestQ = Double.NEGATIVE_INFINITY;

    Segment(double[] series, int from, int to) {
      this.from = from;
      this.to = to;
      int len = to - from;
      double centre = len == 0 ? 0 : mean(series, from, to);
      Integer[] order = IntStream.range(0, len).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble(i -> series[from + i]));
      sorted = new double[len];
      ranks = new int[len];
      for (int r = 0; r < len; r++) {
        sorted[r] = series[from + order[r]] - centre;
        ranks[order[r]] = r;
      }
      if (len >= 2 * minSegment) {
        double[] best = EnergyScan.best(sorted, ranks, minSegment);
        bestSplit = from + (int) best[0];
        bestQ = best[1];
      }
    }

    double permutedBestQ(SplittableRandom random) {
      int[] shuffled = ranks.clone();
      for (int i = shuffled.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = tmp;
      }
      return EnergyScan.best(sorted, shuffled, minSegment)[1];
    }
  }
}
