package io.benchtap.analyze.stats;

/**
 * One O(L log L) scan of q̂(τ) over a segment for {@link EDivisive}. Package-private.
 *
 * <p>The segment is given as {@code sorted} (its values in increasing order) and {@code ranks}
 * (ranks[i] = position of element i in sorted). Moving τ one step right moves element e from Y
 * to X; with l = Σ_{y ∈ Y∖e}|e − y| and r = Σ_{x ∈ X}|e − x| the three sums update as
 * within(X) += r, within(Y) −= l, between += l − r. Each distance sum over a set is
 * e·#below − Σbelow + Σabove − e·#above, read from Fenwick trees of counts and sums by rank.
 */
final class EnergyScan {

  private EnergyScan() {}

  /** {best split offset within the segment, its q̂}; the earliest split wins ties. */
  static double[] best(double[] sorted, int[] ranks, int minSegment) {
    int len = ranks.length;
    Fenwick left = new Fenwick(len);
    Fenwick right = new Fenwick(len);
    double withinY = 0;
    for (int r = 0; r < len; r++) {
      right.add(r, sorted[r]);
      withinY += (2.0 * r - len + 1) * sorted[r];
    }
    double withinX = 0;
    double between = 0;
    int bestTau = -1;
    double bestQ = Double.NEGATIVE_INFINITY;
    for (int tau = 0; tau < len - minSegment; tau++) {
      int rank = ranks[tau];
      double e = sorted[rank];
      right.add(rank, -e, -1);
      double l = right.distance(rank, e);
      double r = left.distance(rank, e);
      left.add(rank, e);
      withinX += r;
      withinY -= l;
      between += l - r;
      int n = tau + 1;
      int m = len - n;
      if (n >= minSegment) {
        double energy = 2 * between / ((double) n * m) - withinX / (n * (n - 1) / 2.0)
            - withinY / (m * (m - 1) / 2.0);
        double q = (double) n * m / (n + m) * energy;
        if (q > bestQ) {
          bestQ = q;
          bestTau = n;
        }
      }
    }
    return new double[] {bestTau, bestQ};
  }

  /** Fenwick (binary indexed) trees of counts and value sums over ranks 0..size−1. */
  private static final class Fenwick {
    private final int[] count;
    private final double[] sum;
    private int totalCount;
    private double totalSum;

    Fenwick(int size) {
      count = new int[size + 1];
      sum = new double[size + 1];
    }

    void add(int rank, double value) {
      add(rank, value, 1);
    }

    void add(int rank, double value, int delta) {
      totalCount += delta;
      totalSum += value;
      for (int i = rank + 1; i < count.length; i += i & -i) {
        count[i] += delta;
        sum[i] += value;
      }
    }

    /** Σ over the elements present of |e − v|, e being the value at {@code rank}. */
    double distance(int rank, double e) {
      int belowCount = 0;
      double belowSum = 0;
      for (int i = rank; i > 0; i -= i & -i) {
        belowCount += count[i];
        belowSum += sum[i];
      }
      int aboveCount = totalCount - belowCount;
      double aboveSum = totalSum - belowSum;
      return e * belowCount - belowSum + aboveSum - e * aboveCount;
    }
  }
}
