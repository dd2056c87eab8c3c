package io.benchtap.bench;

/**
 * A small fixed-memory histogram of non-negative microsecond values with under 1% relative
 * error: values below 256 are kept exactly, larger ones in 128 sub-buckets per power of two.
 * Not thread-safe.
 */
final class LatencyHistogram {
  private static final int SUB = 128;
  private static final int EXACT = 2 * SUB;
  private final long[] counts = new long[EXACT + 64 * SUB];
  private long total;
  private long max;

  void record(long micros) {
    long v = Math.max(0, micros);
    counts[index(v)]++;
    total++;
    max = Math.max(max, v);
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v); // >= 8
    int sub = (int) ((v >>> (exp - 7)) & (SUB - 1));
    return EXACT + (exp - 8) * SUB + sub;
  }

  /** Lower bound of the values in bucket i. */
  static long lowest(int i) {
    if (i < EXACT) {
      return i;
    }
    int exp = (i - EXACT) / SUB + 8;
    int sub = (i - EXACT) % SUB;
    return (1L << exp) + ((long) sub << (exp - 7));
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  /** The value at percentile p (0..100): the middle of the bucket it falls in, at most the max. */
  long percentile(double p) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        long lo = lowest(i);
        long hi = i + 1 < counts.length ? lowest(i + 1) : lo;
        return Math.min(max, (lo + hi) / 2);
      }
    }
    return max;
  }
}
