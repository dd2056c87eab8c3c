package io.benchtap.analyze;

import io.benchtap.analyze.stats.Summary;

/**
 * The comparison of one container cell with its native baseline in one campaign.
 *
 * @param change (container − native) / native, the paper's %change as a ratio
 * @param changeLower lower 95% bound of the change (NaN when it cannot be bounded)
 * @param overhead the change signed so that positive means the container is worse
 * @param welchP two-sided p of Welch's t-test on the repetitions
 * @param mannWhitneyP two-sided p of the Mann–Whitney U test
 * @param significant whether Welch's test rejects equal means at the configured level
 */
public record Overhead(CellKey cell, String campaign, String baseline, Summary container, Summary nativeSide,
    double change, double changeLower, double changeUpper, double overhead, double overheadLower, double overheadUpper,
    double welchP, double mannWhitneyP, boolean significant, Direction direction) {}
