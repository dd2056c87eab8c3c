package io.benchtap.analyze.stats;

/**
 * A change point found by {@link EDivisive}: the series' distribution changes between index − 1
 * and index.
 *
 * @param index first index of the new segment (0 &lt; index &lt; series length)
 * @param pValue permutation-test p-value of the split when it was accepted, (k + 1)/(R + 1)
 * @param meanBefore mean of the final segment that ends at index (from the previous change
 *     point, or the start)
 * @param meanAfter mean of the final segment that starts at index (up to the next change point,
 *     or the end)
 */
public record ChangePoint(int index, double pValue, double meanBefore, double meanAfter) {

  /**
   * Relative change of the segment means, (meanAfter − meanBefore)/meanBefore; ±∞ or NaN when
   * meanBefore is 0.
   */
  public double relativeChange() {
    return (meanAfter - meanBefore) / meanBefore;
  }
}
