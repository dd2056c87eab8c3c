package io.benchtap.parse.sysbench;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;
import static io.benchtap.model.Direction.HIGHER_IS_BETTER;
import static io.benchtap.model.Direction.LOWER_IS_BETTER;
import static io.benchtap.model.Direction.NEUTRAL;
import static io.benchtap.parse.support.CommonMetrics.LATENCY;
import static io.benchtap.parse.support.CommonMetrics.TOTAL_TIME;
import static io.benchtap.parse.support.CommonMetrics.TRANSACTIONS;

import io.benchtap.model.MetricSpec;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.CommonMetrics;
import io.benchtap.parse.support.Detect;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parser for <a href="https://github.com/akopytov/sysbench">sysbench</a> text output.
 *
 * <p>Understands sysbench 1.0.x and 1.1 (tests cpu, memory, threads, mutex, fileio and the Lua
 * database scripts such as oltp_read_write), and the older 0.4.x and 0.5 formats ({@code Test
 * execution summary:}, {@code per-request statistics:}, {@code approx.  95 percentile:}, {@code
 * Operations performed: ... ops/sec}, {@code MB/sec}, {@code Mb} and 0.5 interval lines).
 *
 * <p>Benchmark name: from the command line in the {@link StreamContext} when there is one ({@code
 * sysbench cpu run}, {@code sysbench --test=cpu run}, {@code oltp_read_write.lua}), otherwise
 * inferred from the output ({@code Prime numbers limit:} means cpu), otherwise {@code unknown}.
 *
 * <p>Metrics, in SI base units (MiB, MB and Mb are all 2^20 bytes in sysbench): {@code
 * events_per_second}, {@code events_total}, {@code total_time_seconds}, {@code latency_seconds}
 * ({@code stat} = min, avg, max, sum, p&lt;N&gt;), {@code memory_throughput_bytes_per_second},
 * {@code memory_transferred_bytes}, {@code file_operations_per_second} ({@code op} = read,
 * write, fsync), {@code file_throughput_bytes_per_second} ({@code op} = read, write; total for
 * 0.4), {@code thread_events} and {@code thread_execution_time_seconds} ({@code stat} = avg,
 * stddev), {@code transactions_per_second} and {@code queries_per_second}. Interval lines give
 * live values in phase interval; each summary value is emitted once, in phase final, as soon as
 * its line has been read. A {@code --report-checkpoints} report is a summary of the time since
 * the previous checkpoint and is emitted in phase interval; its {@code events_total} as the
 * running sum of the checkpoints so far (a counter).
 *
 * <p>Unknown lines: known informational output (banner, option echo, section headers, progress
 * messages, histograms, prepare/cleanup chatter) is ignored silently; any other line is reported
 * with {@code unparsed(line, "unrecognised line")}, a known line whose number is not a finite
 * non-negative decimal ({@code nan}, {@code inf}) with {@code "bad number"}. A {@code FATAL:}
 * line reports {@code runFailed} once, after which nothing more is emitted.
 */
public final class SysbenchParser extends DeclaredParser {

  private static final Pattern BANNER =
      Pattern.compile("\\s*sysbench [01]\\.\\d+(\\.\\d+)?\\S*(:? .*)?");
  private static final Pattern SPECIFIC = Pattern.compile(
      "\\s*(Running the test with following options:|Prime numbers limit: \\d+"
          + "|Running memory speed test with the following options:|Threads fairness:"
          + "|Test execution summary:|Maximum prime number checked in CPU test: \\d+"
          + "|\\[\\s*\\d+s\\s*\\] thds: \\d+ .*|Extra file open flags: .*"
          + "|Doing (CPU performance benchmark|memory operations speed test|mutex performance test"
          + "|thread subsystem performance test))\\s*");

  /** The tool's name, version flag and metrics (docs/metrics.md, "sysbench"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("sysbench", List.of("--version"), List.of(
      new MetricSpec("events_per_second", "per_second", HIGHER_IS_BETTER, SUM,
          "Benchmark events (operations) per second."),
      new MetricSpec("events_total", "count", NEUTRAL, SUM, CommonMetrics.runningCount("Events completed")),
      new MetricSpec("memory_throughput_bytes_per_second", "bytes_per_second", HIGHER_IS_BETTER, SUM,
          "Memory transfer rate (sysbench memory)."),
      new MetricSpec("memory_transferred_bytes", "bytes", NEUTRAL, SUM,
          "Bytes transferred by a memory benchmark run."),
      new MetricSpec("file_operations_per_second", "per_second", HIGHER_IS_BETTER, SUM,
          "File operations per second by op (read, write, fsync)."),
      new MetricSpec("file_throughput_bytes_per_second", "bytes_per_second", HIGHER_IS_BETTER, SUM,
          "File I/O throughput by op (read, write)."),
      new MetricSpec("thread_events", "count", NEUTRAL, MEAN,
          "Events per thread; stat is avg or stddev (fairness)."),
      new MetricSpec("thread_execution_time_seconds", "seconds", LOWER_IS_BETTER, MEAN,
          "Execution time per thread; stat is avg or stddev (fairness)."),
      new MetricSpec("queries_per_second", "per_second", HIGHER_IS_BETTER, SUM,
          "Queries per second."),
      TOTAL_TIME, LATENCY, TRANSACTIONS));

  public SysbenchParser() {
    super(DECLARATION);
  }

  /**
   * 100 when a head line is a sysbench 0.x/1.x banner, 70 when it only has sysbench-specific
   * lines, 0 otherwise.
   */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> BANNER.matcher(line).matches(), 100,
        line -> SPECIFIC.matcher(line).matches(), 70);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    String benchmark = context == null ? null
        : context.commandLine().flatMap(CommandLines::benchmark).orElse(null);
    return new SysbenchStream(benchmark);
  }
}
