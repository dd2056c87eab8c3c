package io.benchtap.parse;

import io.benchtap.model.Phase;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a parser extracts from output lines: a metric already converted to SI base units, without
 * the stream identity (device, env, run...) that the normalizer adds.
 *
 * @param benchmark the tool's test name (cpu, memory...) or {@code unknown}
 * @param metric metric name, snake_case with a base-unit suffix (see docs/metrics.md)
 * @param value value in SI base units
 * @param unit base unit name
 * @param phase interval or final
 * @param labels metric-specific labels (bounded values only)
 */
public record Sample(
    String benchmark, String metric, double value, String unit, Phase phase, Map<String, String> labels) {

  public Sample {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(phase, "phase");
    labels = labels == null || labels.isEmpty()
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** A sample without metric-specific labels. */
  public static Sample of(String benchmark, String metric, double value, String unit, Phase phase) {
    return new Sample(benchmark, metric, value, unit, phase, Map.of());
  }
}
