package io.benchtap.analyze;

import java.time.Instant;

/**
 * A cell got worse between two campaigns (significant and beyond the threshold), or a change
 * point was found in its long series.
 *
 * @param kind "regression" (campaign against the previous one) or "changepoint" (E-divisive)
 * @param at when the later side started (regression) or the time of the change point
 */
public record Regression(CellKey cell, String kind, String campaign, String previous, double change, double pValue,
    Instant at) {}
