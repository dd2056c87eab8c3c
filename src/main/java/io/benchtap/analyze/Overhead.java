package io.benchtap.analyze;

import io.benchtap.analyze.stats.Summary;
import io.benchtap.model.Aggregate;
import io.benchtap.model.Direction;

/**
 * The comparison of one container cell with its native baseline in one campaign; the values of
 * each side are repetitions (each aggregated over the run's instances by {@code aggregate}).
 *
 * @param change (container − native) / native, the paper's %change as a ratio
 * @param changeLower lower bound of the change at {@code intervalLevel} (NaN when not judged or unbounded)
 * @param overhead the change signed so that positive means the container is worse
 * @param pRaw Welch's two-sided p for no change, before the correction for the campaign's cells
 * @param pAdjusted p adjusted over the campaign's cells (Benjamini–Hochberg): significant when below analysis.significance
 * @param mannWhitneyP two-sided p of the Mann–Whitney U test (a robustness check beside the verdict, not the verdict)
 * @param significant the change is called real: pAdjusted below the level, which is exactly when the interval excludes 0
 * @param judged both sides have analysis.minSamples repetitions; otherwise no p, interval or verdict
 * @param reason why not judged (null when judged)
 * @param intervalLevel confidence level of the interval (NaN when not judged)
 * @param incompleteRuns container runs left out because not all of their instances reported
 */
public record Overhead(CellKey cell, String campaign, String baseline, Summary container, Summary nativeSide,
    double change, double changeLower, double changeUpper, double overhead, double overheadLower, double overheadUpper,
    double pRaw, double pAdjusted, double mannWhitneyP, boolean significant, Direction direction, boolean judged,
    String reason, double intervalLevel, Aggregate aggregate, int incompleteRuns) {

  /** Short words for the live page and reports: the verdict, or why there is none. */
  public String verdict() {
    if (!judged) {
      return reason;
    }
    if (!significant) {
      return "no difference shown";
    }
    return switch (direction) {
      case NEUTRAL -> change > 0 ? "higher" : "lower";
      default -> overhead > 0 ? "container worse" : "container better";
    };
  }
}
