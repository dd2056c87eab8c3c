package io.benchtap.model;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a parser declares about one metric it emits: everything the rest of benchtap needs to know
 * about the metric without being told by name (the HELP text on /metrics, the overhead's sign,
 * how instances are combined, the catalog in docs/metrics.md).
 *
 * <p>One name is one Prometheus family, so two parsers that emit the same metric declare the same
 * spec (the parser registry refuses two different ones at start).
 *
 * @param name metric name, snake_case with the unit's suffix ({@code _seconds}, {@code _bytes},
 *     {@code _bytes_per_second}, {@code _per_second}, {@code _ratio}, {@code _celsius}, {@code
 *     _hertz}; before {@code _total} for a total); a {@code count} has no unit suffix
 * @param unit the SI base unit of every value: one of {@link #UNITS}
 * @param direction which way is worse; {@link Direction#NEUTRAL} for values that are not better
 *     or worse (counts, utilisation), which then get a change but no overhead
 * @param aggregate how a repetition's parallel instances are combined
 * @param help one line of HELP text for /metrics, ending with a full stop
 * @throws IllegalArgumentException when a part is missing or the name does not fit the unit
 */
public record MetricSpec(String name, String unit, Direction direction, Aggregate aggregate, String help) {

  /** The base units a value may have (docs/metrics.md, "Naming and labels"). */
  public static final Set<String> UNITS =
      Set.of("seconds", "bytes", "bytes_per_second", "per_second", "count", "ratio", "celsius", "hertz");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Map<String, String> SUFFIX = Map.of("seconds", "_seconds", "bytes", "_bytes",
      "bytes_per_second", "_bytes_per_second", "per_second", "_per_second", "ratio", "_ratio", "celsius",
      "_celsius", "hertz", "_hertz");

  public MetricSpec {
    Objects.requireNonNull(name, "metric name");
    String problem = namingProblem(name, unit);
    if (problem == null && direction == null) {
      problem = "no direction (which way is worse; NEUTRAL when neither)";
    }
    if (problem == null && aggregate == null) {
      problem = "no aggregate over instances (SUM or MEAN)";
    }
    if (problem == null && (help == null || help.isBlank() || !help.strip().equals(help) || !help.endsWith("."))) {
      problem = "help must be one sentence ending with a full stop, without surrounding blanks";
    }
    if (problem == null && (help.indexOf('\n') >= 0 || help.indexOf('\\') >= 0)) {
      problem = "help must be one line without backslashes";
    }
    if (problem != null) {
      throw new IllegalArgumentException("metric '" + name + "': " + problem);
    }
  }

  /**
   * Why {@code name} cannot be a metric in {@code unit}, or null when it can: snake_case, a known
   * unit, and the unit's suffix at the end of the name (before {@code _total} for a total), or no
   * unit suffix at all for a {@code count}.
   */
  public static String namingProblem(String name, String unit) {
    if (name == null || !NAME.matcher(name).matches()) {
      return "name is not snake_case";
    }
    if (unit == null || !UNITS.contains(unit)) {
      return "unit " + unit + " is not one of " + new java.util.TreeSet<>(UNITS);
    }
    String stem = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    String suffix = SUFFIX.get(unit);
    if (suffix == null) {
      return SUFFIX.values().stream().anyMatch(stem::endsWith) ? "a count must not end in another unit's suffix" : null;
    }
    if (!stem.endsWith(suffix)) {
      return "a value in " + unit + " ends in " + suffix + " (before _total for a total)";
    }
    if (!unit.equals("bytes_per_second") && stem.endsWith("_bytes_per_second")) {
      return "a value in " + unit + " must not end in _bytes_per_second";
    }
    return null;
  }
}
