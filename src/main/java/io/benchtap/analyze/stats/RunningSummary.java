package io.benchtap.analyze.stats;

/**
 * Incremental statistics for results that arrive one at a time: count, mean and variance by
 * Welford's update over every value added, and the median over a bounded window of the most
 * recent values (the oldest value is dropped once the window is full).
 *
 * <pre>
 *   n ← n + 1;  δ = x − mean;  mean ← mean + δ/n;  M2 ← M2 + δ·(x − mean)
 *   variance = M2/(n − 1),  sd = √variance,  se = sd/√n
 * </pre>
 *
 * <p>Failure contract: {@link #add} throws {@link IllegalArgumentException} for NaN or ±∞ and
 * leaves the state unchanged; the constructor throws it for a window &lt; 1. Before the first
 * value, {@link #mean()} and {@link #median()} are NaN; before the second, {@link #variance()},
 * {@link #standardDeviation()} and {@link #standardError()} are NaN. Not thread-safe.
 */
public final class RunningSummary {

  /** Window used by the no-argument constructor. */
  public static final int DEFAULT_WINDOW = 10_000;

  private final double[] window;
  private int head;
  private int retained;
  private long n;
  private double mean;
  private double m2;

  /** A running summary whose median covers the last {@value #DEFAULT_WINDOW} values. */
  public RunningSummary() {
    this(DEFAULT_WINDOW);
  }

  /** A running summary whose median covers the last {@code windowSize} values. */
  public RunningSummary(int windowSize) {
    if (windowSize < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + windowSize);
    }
    window = new double[windowSize];
  }

  /** Adds one value. */
  public RunningSummary add(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("value is not finite: " + x);
    }
    n++;
    double delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
    window[head] = x;
    head = (head + 1) % window.length;
    retained = Math.min(retained + 1, window.length);
    return this;
  }

  /** Adds every value in order. */
  public RunningSummary addAll(double... xs) {
    for (double x : xs) {
      add(x);
    }
    return this;
  }

  /** Number of values added in total. */
  public long count() {
    return n;
  }

  /** Mean of all values added; NaN before the first. */
  public double mean() {
    return n == 0 ? Double.NaN : mean;
  }

  /** Sample variance M2/(n − 1) of all values added; NaN for n &lt; 2. */
  public double variance() {
    return n < 2 ? Double.NaN : Math.max(0, m2 / (n - 1));
  }

  /** Sample standard deviation of all values added; NaN for n &lt; 2. */
  public double standardDeviation() {
    return Math.sqrt(variance());
  }

  /** Standard error of the mean, sd/√n; NaN for n &lt; 2. */
  public double standardError() {
    return standardDeviation() / Math.sqrt(n);
  }

  /** Median of the values still in the window (O(w log w)); NaN before the first. */
  public double median() {
    return retained == 0 ? Double.NaN : Summary.median(windowValues());
  }

  /** Window capacity. */
  public int windowSize() {
    return window.length;
  }

  /** The values still in the window, oldest first. */
  public double[] windowValues() {
    double[] out = new double[retained];
    int start = (head - retained + window.length) % window.length;
    for (int i = 0; i < retained; i++) {
      out[i] = window[(start + i) % window.length];
    }
    return out;
  }

  /**
   * {@link Summary} of the values still in the window (mean, sd and interval over the window
   * only, unlike {@link #mean()}); throws {@link IllegalStateException} before the first value.
   */
  public Summary windowSummary() {
    if (retained == 0) {
      throw new IllegalStateException("no values yet");
    }
    return Summary.of(windowValues());
  }
}
