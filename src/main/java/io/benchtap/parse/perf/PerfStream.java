package io.benchtap.parse.perf;

import io.benchtap.parse.support.SampleEmitter;
import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one perf stat output stream. Each line is, in this order: blank or a {@code
 * #} comment (ignored), an error (run failed), the stats header (names the benchmark), the
 * elapsed/user/sys footer, a counter line in text or CSV form (optionally behind an {@code -I}
 * timestamp and an {@code -A} {@code CPU<n>} column), known informational text, or unrecognised.
 * Counter lines are emitted at once: interval lines in phase interval, others final. Never throws.
 */
final class PerfStream extends ToolStream {

  private static final Pattern ERROR = Pattern.compile(
      "(Error:|event syntax error:|Workload failed:|Usage: perf stat|perf: '.*' is not a perf-command"
          + "|[Ff]ailed to ).*");
  private static final Pattern HEADER =
      Pattern.compile("Performance counter stats for (.+?)(?: \\(\\d+ runs\\))?:");
  private static final Pattern ELAPSED = Pattern.compile(
      "([0-9]+[.,][0-9]+)(?: \\+- [0-9]+[.,][0-9]+)? seconds time elapsed(?:\\s+\\( \\+-\\s*[0-9.,]+% \\))?");
  private static final Pattern CPU_TIME = Pattern.compile("([0-9]+[.,][0-9]+) seconds (user|sys)");
  private static final Pattern KNOWN = Pattern.compile("Some events weren't counted\\..*"
      + "|echo [01] > /proc/sys/kernel/nmi_watchdog|perf stat .*|\\\\_+ .*");
  private static final Pattern TIMESTAMP = Pattern.compile("([0-9]+\\.[0-9]{9})(?:\\s+|,)(.*)");
  private static final Pattern CPU = Pattern.compile("(CPU[0-9]{1,5})(?:\\s+|,)(.*)");
  private static final Pattern TEXT = Pattern.compile("(<not supported>|<not counted>|"
      + Numbers.counterPattern() + ")\\s+(?:(msec|ns|usec|us|sec|[A-Za-z][A-Za-z/]*)\\s+)??"
      + "(\\S+)(?:\\s+\\((msec)\\))?(?:\\s+#\\s+(\\S+)\\s+([^(]*?))?\\s*"
      + "(?:\\(\\s*\\+-\\s*[0-9.,]+%\\s*\\))?\\s*(?:\\(([0-9]+[.,][0-9]+)%\\))?\\s*");
  private static final Pattern UNIT = Pattern.compile("[A-Za-z/%]*");
  private static final Pattern RUN_PCT = Pattern.compile("[0-9]+(?:[.,][0-9]+)?%");

  private final SampleEmitter emitter;

  PerfStream(String benchmark) {
    this.emitter = new SampleEmitter(benchmark);
  }

  @Override
  protected void read(String t, String line, ParseSink out) {
    if (t.startsWith("#")) {
      return;
    }
    Matcher m = ERROR.matcher(t);
    if (m.matches()) {
      emitter.fail(out, "perf: ", t);
      return;
    }
    if ((m = HEADER.matcher(t)).matches()) {
      emitter.infer(CommandLines.fromHeader(m.group(1)).orElse(null));
      return;
    }
    if ((m = ELAPSED.matcher(t)).matches()) {
      footer(out, line, "total_time_seconds", m.group(1), null);
      return;
    }
    if ((m = CPU_TIME.matcher(t)).matches()) {
      footer(out, line, "cpu_time_seconds", m.group(1), m.group(2));
      return;
    }
    Phase phase = Phase.FINAL;
    String rest = t;
    if ((m = TIMESTAMP.matcher(rest)).matches()) {
      phase = Phase.INTERVAL;
      rest = m.group(2).strip();
    }
    String cpu = null;
    if ((m = CPU.matcher(rest)).matches()) {
      cpu = m.group(1);
      rest = m.group(2).strip();
    }
    String reason = csv(rest, phase, cpu, out);
    if (reason == null) {
      return;
    }
    if (!reason.isEmpty()) {
      out.unparsed(line, reason);
      return;
    }
    if ((m = TEXT.matcher(rest)).matches()) {
      String unit = m.group(4) != null ? m.group(4) : m.group(2) == null ? "" : m.group(2);
      BigDecimal cpus = "CPUs utilized".equals(m.group(6)) ? Numbers.plain(m.group(5)) : null;
      BigDecimal pct = Numbers.plain(m.group(7));
      report(Counter.emit(emitter, out, phase, cpu, m.group(1), unit, m.group(3), cpus, pct),
          line, out);
      return;
    }
    if (!KNOWN.matcher(t).matches()) {
      out.unparsed(line, "unrecognised line");
    }
  }

  /**
   * A {@code -x,} (or {@code -x;}) line: value, unit, event, [variance%,] run-time, enabled %,
   * metric value, metric unit; older perf versions stop after the event. Returns null when
   * handled, "" when the line is not CSV, else the unparsed reason.
   */
  private String csv(String rest, Phase phase, String cpu, ParseSink out) {
    // A decimal-comma locale's -x; line holds commas inside its values: ';' decides first.
    char sep = rest.indexOf(';') >= 0 ? ';' : rest.indexOf(',') >= 0 ? ',' : 0;
    if (sep == 0) {
      return "";
    }
    String[] f = rest.split(Pattern.quote(String.valueOf(sep)), -1);
    if (sep == ',') {
      f = DecimalCommaCsv.join(f);
    }
    if (f.length < 3 || !UNIT.matcher(f[1]).matches() || f[2].isEmpty() || f[2].contains(" ")
        || f[0].contains(" ") && !f[0].startsWith("<not ")) {
      return "";
    }
    int i = 3;
    if (i < f.length && f[i].endsWith("%") && RUN_PCT.matcher(f[i]).matches()) {
      i++; // -r variance
    }
    BigDecimal pct = null;
    if (i + 1 < f.length) {
      if (!f[i].matches("[0-9]{1,20}") || Numbers.plain(f[i + 1]) == null) {
        return "unrecognised line"; // fields out of place: an event name holding the separator
      }
      pct = Numbers.plain(f[i + 1]);
    }
    BigDecimal cpus = i + 3 < f.length && f[i + 3].equals("CPUs utilized")
        ? Numbers.plain(f[i + 2]) : null;
    String reason = Counter.emit(emitter, out, phase, cpu, f[0], clockUnit(f[1], f[2]), f[2],
        cpus, pct);
    return reason;
  }

  /**
   * perf 4.x prints task-clock and cpu-clock in CSV as milliseconds ({@code %.6f}) with an empty
   * unit field ({@code 0.327422,,task-clock,327422,100.00}: its {@code nsec_printout} writes
   * {@code avg / 1e6} and the event's unit, which those versions left empty); newer perf writes
   * {@code msec}. So an empty unit on a clock event means msec.
   */
  private static String clockUnit(String unit, String event) {
    if (!unit.isEmpty()) {
      return unit;
    }
    int colon = event.indexOf(':');
    String base = colon < 0 ? event : event.substring(0, colon);
    return base.equals("task-clock") || base.equals("cpu-clock") ? "msec" : unit;
  }

  private void footer(ParseSink out, String line, String metric, String value, String mode) {
    double v = Numbers.finite(Numbers.plain(value));
    if (Double.isNaN(v)) {
      out.unparsed(line, "bad number");
      return;
    }
    emitter.emit(out, metric, v, "seconds", Phase.FINAL,
        mode == null ? java.util.Map.of() : java.util.Map.of("mode", mode));
  }

  private static void report(String reason, String line, ParseSink out) {
    if (reason != null) {
      out.unparsed(line, reason);
    }
  }

  @Override
  protected boolean ignoresRest() {
    return emitter.failed(); // nothing is read after the run failed
  }
}
