/**
 * Statistics for comparing benchmark runs (container against native, before against after),
 * in plain Java with no dependency beyond the JDK.
 *
 * <ul>
 *   <li>{@link io.benchtap.analyze.stats.Summary} and
 *       {@link io.benchtap.analyze.stats.RunningSummary}: mean, median, standard deviation,
 *       standard error and the Student-t interval of the mean; batch and incremental (Welford).
 *   <li>{@link io.benchtap.analyze.stats.StudentT} and {@link io.benchtap.analyze.stats.Normal}:
 *       CDFs, densities and quantiles (real-valued degrees of freedom).
 *   <li>{@link io.benchtap.analyze.stats.Welch}: unequal-variances t-test with the interval of
 *       the difference of means.
 *   <li>{@link io.benchtap.analyze.stats.MannWhitney}: rank-sum test, exact for small untied
 *       samples, tie-corrected normal approximation otherwise.
 *   <li>{@link io.benchtap.analyze.stats.RatioInterval}: relative change (b̄ − ā)/ā — the
 *       paper's "%change" as a ratio — with Fieller's (or the delta method's) interval.
 *   <li>{@link io.benchtap.analyze.stats.EDivisive}: E-divisive change-point detection for a
 *       series of results, returning {@link io.benchtap.analyze.stats.ChangePoint}s.
 * </ul>
 *
 * <p>Common contract: inputs must be finite; NaN or ±∞ in a sample is an
 * {@link java.lang.IllegalArgumentException}, a null array a {@link java.lang.NullPointerException}.
 * Results that are mathematically undefined for valid input (a spread of one value, a ratio
 * whose denominator may be 0) are NaN, as each class documents.
 */
package io.benchtap.analyze.stats;
