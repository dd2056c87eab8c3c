package io.benchtap.parse.stream;

import static io.benchtap.model.Aggregate.MEAN;
import static io.benchtap.model.Aggregate.SUM;
import static io.benchtap.model.Direction.HIGHER_IS_BETTER;
import static io.benchtap.model.Direction.LOWER_IS_BETTER;

import io.benchtap.model.MetricSpec;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parser for STREAM memory bandwidth output: McCalpin's {@code stream.c} (5.x: {@code Function
 * Best Rate MB/s Avg time Min time Max time}, older {@code Function Rate (MB/s) ...}), the
 * StarSTREAM and SingleSTREAM sections of HPC Challenge's {@code hpccoutf.txt} ({@code Rate
 * (GB/s)}), and lmbench's {@code stream} / {@code stream -v 2} ({@code STREAM copy bandwidth:
 * 1234.56 MB/sec}, {@code STREAM2 daxpy latency: 1.23 nanoseconds}).
 *
 * <p>Metrics, in SI base units, all final: {@code memory_bandwidth_bytes_per_second} with label
 * {@code op} (copy, scale, add, triad; lmbench stream2: fill, copy, daxpy, sum) - stream.c and
 * lmbench MB are 10^6 bytes, HPCC GB 10^9 bytes; {@code stream_time_seconds} ({@code op}, {@code
 * stat} = avg, min, max) from the stream.c table; {@code stream_latency_seconds} ({@code op}) from
 * lmbench (nanoseconds / 1e9). HPCC tables carry the label {@code mode} = star or single.
 * Benchmark: {@code stream} or {@code stream2} (lmbench {@code -v 2} or {@code STREAM2} lines).
 *
 * <p>A {@code Failed Validation} line reports {@code runFailed}. In an HPCC file every section
 * other than StarSTREAM/SingleSTREAM is skipped silently (the {@code hpl} parser reads the HPL
 * part). Known informational lines are ignored; other lines are reported with {@code
 * unparsed(line, "unrecognised line")}, a table row before any header (unit unknown) with {@code
 * "no unit header"}, a bad value with {@code "bad number"}.
 */
public final class StreamToolParser extends DeclaredParser {

  private static final Pattern STRONG = Pattern.compile(
      "\\s*(STREAM version \\$Revision: [0-9.]+ \\$|Function\\s+(Best Rate MB/s|Rate \\([MG]B/s\\))"
          + "\\s+Avg time\\s+Min time\\s+Max time|STREAM2? (copy|scale|add|triad|fill|daxpy|sum)"
          + " (latency|bandwidth): .*|Begin of (Star|Single)STREAM section\\.)\\s*");
  private static final Pattern HPCC = Pattern.compile(
      "This is the DARPA/DOE HPC Challenge Benchmark version .*");

  /** The tool's name, version flag and metrics (docs/metrics.md, "stream"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("stream", List.of(), List.of(
      new MetricSpec("memory_bandwidth_bytes_per_second", "bytes_per_second", HIGHER_IS_BETTER, SUM,
          "Sustainable memory bandwidth by op (copy, scale, add, triad...)."),
      new MetricSpec("stream_time_seconds", "seconds", LOWER_IS_BETTER, MEAN,
          "Time of one STREAM kernel iteration by op; stat is avg, min or max."),
      new MetricSpec("stream_latency_seconds", "seconds", LOWER_IS_BETTER, MEAN,
          "lmbench STREAM latency by op, as lmbench prints it (in nanoseconds, here seconds).")));

  public StreamToolParser() {
    super(DECLARATION);
  }

  /**
   * 100 for a stream.c banner, table header (MB/s, or HPCC's GB/s), an HPCC STREAM section start
   * or an lmbench STREAM line, 40 for the HPC Challenge banner (the hpl parser scores it 90 and
   * {@link #alsoParses} adds this parser), 0 otherwise. An excerpt of an hpccoutf.txt holding
   * only a STREAM section (as PerfKitBenchmarker's logs show it) is detected by its table.
   */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> STRONG.matcher(line).matches(), 100,
        line -> HPCC.matcher(line).matches(), 40);
  }

  /**
   * True for HPC Challenge's hpccoutf.txt (its banner): the hpl parser is detected for it, and
   * its StarSTREAM and SingleSTREAM sections are this parser's.
   */
  @Override
  public boolean alsoParses(List<String> head) {
    return Detect.score(head, 400, line -> HPCC.matcher(line).matches(), 1, line -> false, 0) > 0;
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    String benchmark = context == null ? null
        : context.commandLine().flatMap(StreamToolParser::benchmark).orElse(null);
    return new StreamState(benchmark);
  }

  /**
   * {@code stream2} for lmbench's {@code stream -v 2}, {@code stream} for any other stream binary
   * ({@code stream}, {@code stream_c.exe}, {@code stream.100M}), empty otherwise.
   */
  static Optional<String> benchmark(String commandLine) {
    if (commandLine == null) {
      return Optional.empty();
    }
    String[] tokens = commandLine.trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String base = tokens[i].substring(tokens[i].lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if (base.equals("stream") || base.startsWith("stream.") || base.startsWith("stream_")) {
        for (int j = i + 1; j + 1 < tokens.length; j++) {
          if (tokens[j].equals("-v") && tokens[j + 1].equals("2")) {
            return Optional.of("stream2");
          }
        }
        return Optional.of("stream");
      }
    }
    return Optional.empty();
  }
}
