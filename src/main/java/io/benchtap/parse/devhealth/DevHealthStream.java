package io.benchtap.parse.devhealth;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.Sample;
import io.benchtap.parse.support.ToolStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parser state for one {@code devhealth} stream: every line {@code METRIC VALUE [label=value]}
 * is one sample, emitted at once in phase interval. Blank lines and {@code #} comments are
 * ignored; anything else that is not a whitelisted metric with a well-formed value and exactly
 * its label is reported unparsed with a fixed reason. Never throws.
 */
final class DevHealthStream extends ToolStream {

  /** Benchmark name of every device-health sample. */
  static final String BENCHMARK = "health";
  /** Longest line considered; real lines are under 80 characters. */
  static final int MAX_LINE = 256;
  /** Distinct series (metric + label value) one stream may create. */
  static final int MAX_SERIES = 256;

  private static final Pattern SPACE = Pattern.compile("[ \\t]+");
  private static final Pattern NUMBER =
      Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?");

  private final Set<String> series = new HashSet<>();

  @Override
  protected void handle(String line, ParseSink out) {
    String problem = sample(line, out);
    if (problem != null) {
      out.unparsed(line, problem);
    }
  }

  /** Emits the line's sample; returns null when done, else why the line was refused. */
  private String sample(String line, ParseSink out) {
    if (line.length() > MAX_LINE) {
      return "line too long";
    }
    String t = line.strip();
    if (t.isEmpty() || t.startsWith("#")) {
      return null;
    }
    Parsed p = parse(t);
    if (p.problem != null) {
      return p.problem;
    }
    String key = p.metric.metric + (p.labelValue == null ? "" : "{" + p.labelValue + "}");
    if (!series.contains(key)) {
      if (series.size() >= MAX_SERIES) {
        return "too many series";
      }
      series.add(key);
    }
    Map<String, String> labels = p.labelValue == null ? Map.of()
        : Map.of(p.metric.label, p.labelValue);
    out.sample(new Sample(BENCHMARK, p.metric.metric, p.value, p.metric.unit, Phase.INTERVAL,
        labels));
    return null;
  }

  /** The outcome of reading one non-blank, non-comment line. */
  record Parsed(HealthMetric metric, double value, String labelValue, String problem) {
    static Parsed refused(String problem) {
      return new Parsed(null, 0, null, problem);
    }
  }

  /** Reads one stripped line without emitting anything (also used by detection). */
  static Parsed parse(String t) {
    String[] tokens = SPACE.split(t);
    if (tokens.length < 2) {
      return Parsed.refused("unrecognised line");
    }
    HealthMetric metric = HealthMetric.byName(tokens[0]);
    if (metric == null) {
      return Parsed.refused("unknown metric");
    }
    if (!NUMBER.matcher(tokens[1]).matches()) {
      return Parsed.refused("bad number");
    }
    double value = Double.parseDouble(tokens[1]);
    if (!Double.isFinite(value)) {
      return Parsed.refused("bad number");
    }
    if (value < 0) {
      return Parsed.refused("negative value");
    }
    value += 0.0; // -0 becomes 0
    if (metric == HealthMetric.CPU_UTILIZATION_RATIO && value > 1) {
      return Parsed.refused("ratio above 1");
    }
    String labelValue = null;
    for (int i = 2; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      if (eq <= 0 || metric.label == null || !metric.label.equals(tokens[i].substring(0, eq))) {
        return Parsed.refused("unknown label");
      }
      if (labelValue != null) {
        return Parsed.refused("duplicate label");
      }
      labelValue = tokens[i].substring(eq + 1);
      if (!metric.labelValue(labelValue)) {
        return Parsed.refused("bad label value");
      }
    }
    if (metric.label != null && labelValue == null) {
      return Parsed.refused("missing label");
    }
    return new Parsed(metric, value, labelValue, null);
  }
}
