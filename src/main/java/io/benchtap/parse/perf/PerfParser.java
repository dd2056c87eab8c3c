package io.benchtap.parse.perf;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;
import static io.benchtap.model.Direction.LOWER_IS_BETTER;
import static io.benchtap.model.Direction.NEUTRAL;
import static io.benchtap.parse.support.CommonMetrics.TOTAL_TIME;

import io.benchtap.model.MetricSpec;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parser for {@code perf stat} (Linux perf) output.
 *
 * <p>Understands the text output of perf 3.x to 6.x (counter lines {@code 3.01 msec task-clock #
 * 0.003 CPUs utilized}, old {@code task-clock (msec)}, {@code <not supported>} / {@code <not
 * counted>}, {@code -r} variance {@code ( +- 1.23% )}, multiplexing {@code (75.00%)}, the {@code
 * seconds time elapsed / user / sys} footer), in any locale (grouped counts {@code 1,234} /
 * {@code 1.234}, decimal comma), {@code -I} interval lines (timestamp first), {@code -A}
 * per-CPU lines ({@code CPU0}), and the {@code -x,} / {@code -x;} CSV form (value, unit, event,
 * [variance,] run-time, enabled %, metric value, metric unit, optionally behind a timestamp and
 * {@code CPU<n>}; perf 4.x's five-field form, whose clock events are msec with an empty unit).
 *
 * <p>Metrics: {@code perf_events_total{event}} (counts), {@code task_clock_seconds} (task-clock
 * msec / 1000), {@code perf_event_seconds{event}} (other time events: cpu-clock, duration_time,
 * task-clock:u), {@code cpus_utilized} ("CPUs utilized" as printed: a number of CPUs, 1.0
 * = one CPU busy, can exceed 1), {@code perf_event_enabled_ratio{event}} (multiplexed events:
 * enabled percent / 100), {@code total_time_seconds} (elapsed), {@code cpu_time_seconds{mode =
 * user|sys}}. Event labels keep perf's name, characters outside {@code [A-Za-z0-9_.:/-]} replaced
 * by {@code _}, cut to 64. {@code <not supported>} / {@code <not counted>} give nothing and are
 * not unparsed. Benchmark: the workload's base name ({@code sleep}, {@code sysbench}) or {@code
 * system_wide}, from the command line or the stats header, else {@code unknown}.
 *
 * <p>Unknown lines are reported with {@code unparsed(line, reason)}; comments ({@code #
 * started on}, interval headers, metric continuation lines), blank lines and the NMI-watchdog
 * hint are ignored. {@code event syntax error:}, {@code Error:}, {@code Workload failed:} or a
 * usage text report {@code runFailed} once; everything after is ignored. Units other than
 * time (e.g. {@code Joules}) are reported unparsed with reason {@code "unsupported unit"}.
 */
public final class PerfParser extends DeclaredParser {

  private static final Pattern STRONG = Pattern.compile(
      "\\s*(Performance counter stats for .*|#\\s+time\\s+counts\\s+unit\\s+events.*"
          + "|\\S+ seconds time elapsed.*)");
  private static final Pattern WEAK = Pattern.compile(
      "\\s*([0-9.,]+\\s+msec\\s+(task|cpu)-clock\\s.*CPUs utilized.*"
          + "|([0-9.]+,)?[0-9.]+,msec,(task|cpu)-clock,.*"
          + "|([0-9.]+,)?<not (supported|counted)>,,\\S+,.*"
          + "|([0-9.,]+;)?[0-9.,]+;msec;(task|cpu)-clock;.*|([0-9.,]+;)?<not (supported|counted)>;;\\S+;.*"
          + "|([0-9]+\\.[0-9]{9},)?[0-9.]+,(msec|ns|),[A-Za-z][\\w:./-]*,[0-9]+,[0-9]+\\.[0-9]{2}(,.*)?)");
  private static final Pattern FAILED =
      Pattern.compile("(event syntax error: '.*'|Workload failed: .*)");

  /** The tool's name, version flag and metrics (docs/metrics.md, "perf"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("perf", List.of("--version"), List.of(
      new MetricSpec("perf_events_total", "count", NEUTRAL, SUM, "perf stat event count by event: final as printed "
          + "for the run; interval (-I) a running count since the run started (rate() and increase() work on it)."),
      new MetricSpec("task_clock_seconds", "seconds", LOWER_IS_BETTER, MEAN,
          "CPU time the workload ran (perf stat task-clock)."),
      new MetricSpec("perf_event_seconds", "seconds", LOWER_IS_BETTER, MEAN,
          "perf stat time events other than task-clock (cpu-clock, duration_time...) by event."),
      new MetricSpec("cpus_utilized", "count", NEUTRAL, MEAN,
          "CPUs busy on average while the workload ran (1 = one CPU; perf stat CPUs utilized)."),
      new MetricSpec("perf_event_enabled_ratio", "ratio", NEUTRAL, MEAN,
          "Share of the run a multiplexed perf counter was counting (below 1: perf scaled its count)."),
      new MetricSpec("cpu_time_seconds", "seconds", LOWER_IS_BETTER, MEAN,
          "CPU time of the workload by mode (user, sys)."),
      TOTAL_TIME));

  public PerfParser() {
    super(DECLARATION);
  }

  /**
   * 100 for the stats header, interval header or elapsed footer, 90 for counter lines, 60 for
   * perf's own error lines, else 0.
   */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> STRONG.matcher(line).matches(), 100,
        line -> WEAK.matcher(line).matches(), 90, line -> FAILED.matcher(line).matches(), 60);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    String benchmark = context == null ? null
        : context.commandLine().flatMap(CommandLines::benchmark).orElse(null);
    return new PerfStream(benchmark);
  }
}
