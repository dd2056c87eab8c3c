package io.benchtap.parse.netperf;

import static io.benchtap.parse.support.CommonMetrics.CPU_UTILIZATION;
import static io.benchtap.parse.support.CommonMetrics.LATENCY;
import static io.benchtap.parse.support.CommonMetrics.ROUND_TRIP_LATENCY;
import static io.benchtap.parse.support.CommonMetrics.THROUGHPUT;
import static io.benchtap.parse.support.CommonMetrics.TRANSACTIONS;

import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parser for <a href="https://github.com/HewlettPackard/netperf">netperf</a> 2.x client output.
 *
 * <p>Understands the classic result tables (TCP_STREAM, TCP_MAERTS, TCP_SENDFILE, UDP_STREAM,
 * TCP_RR, UDP_RR, TCP_CRR; with or without {@code -c}/{@code -C} CPU columns; with or without
 * headers, {@code -P 0}), the units chosen with {@code -f} (read from the header, else from the
 * command line, else netperf's default 10^6 bits/s), the omni output selectors {@code -k}
 * ({@code KEY=value} lines) and {@code -o} (a CSV header line, then a CSV values line; a values
 * line alone, as {@code -P 0} prints it, named by the command line's {@code -o} selectors or read
 * as throughput and unit when its second field is a netperf unit), the human-readable omni
 * {@code -O} block (header lines cut into column names at the value line's column starts), the
 * {@code -v 2} histogram lines and the tables netperf 2.7.0 prints after a classic result (both
 * recognised and not read, {@link VerboseTables}), and demo mode {@code -D} ({@code Interim
 * result: ...}). Versions: netperf 2.7.0 as Debian 12 builds it (captured for real), and the 2.4 to
 * 2.7 outputs of netperf's manual and public runs.
 *
 * <p>Metrics, in SI base units: {@code throughput_bytes_per_second} (final; UDP_STREAM: label
 * {@code direction} = sender, receiver; demo interim results in phase interval), {@code
 * transactions_per_second} and {@code round_trip_latency_seconds} = 1 / transaction rate,
 * {@code cpu_utilization_ratio} ({@code side} = local, remote; percent / 100; UDP_STREAM: the
 * sender row's column is local, the receiver row's remote; {@code -1.00}, not measured, is
 * skipped), omni {@code latency_seconds} ({@code stat} = min, mean, max, p50, p90, p99;
 * microseconds / 1e6).
 * Benchmark name: the {@code -t} test from the command line, lower case, else from the banner
 * ({@code MIGRATED TCP STREAM TEST} gives tcp_stream), else {@code unknown}.
 *
 * <p>{@code establish control: are you sure there is a netserver listening...}, {@code
 * Connection refused} and data send/receive errors report {@code runFailed} once, after which
 * every line is ignored. Headers, banners and confidence warnings ({@code !!!}) are ignored
 * silently; any other line is reported with {@code unparsed(line, "unrecognised line")}.
 */
public final class NetperfParser extends DeclaredParser {

  private static final Pattern BANNER = Pattern.compile(
      "(MIGRATED )?[A-Z][A-Za-z0-9/_ ]{1,40} TEST from \\S+ \\(.*\\) port \\d+ AF_\\w+( to .*)?");
  private static final Pattern SPECIFIC = Pattern.compile(
      "\\s*(bytes\\s+bytes\\s+bytes\\s+secs\\.\\s+(10\\^\\d+bits|[KMG]?Bytes)/s(ec)?.*"
          + "|bytes\\s+Bytes\\s+bytes\\s+bytes\\s+secs\\.\\s+per sec.*"
          + "|Interim result: .* over .* seconds.*"
          + "|establish control: are you sure there is a netserver listening on .*"
          + "|THROUGHPUT_UNITS=.*"
          // an omni -O header line (its unit line), a headerless -o value line with its unit
          + "|Microseconds\\s+Microseconds\\s.*"
          + "|\\d+(\\.\\d+)?,(Trans/s|10\\^\\dbits/s|[KMG]?Bytes/s)(,[^,]*){0,60})\\s*");

  public NetperfParser() {
    // The tool's name, version flag and metrics (docs/metrics.md, "netperf").
    super(new ToolDeclaration("netperf", List.of("-V"), List.of(
        THROUGHPUT, TRANSACTIONS, ROUND_TRIP_LATENCY, CPU_UTILIZATION, LATENCY)));
  }

  /** 100 for a netperf test banner, 80 for netperf-specific headers or lines, 0 otherwise. */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> BANNER.matcher(line.strip()).matches(), 100,
        line -> SPECIFIC.matcher(line).matches(), 80);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    Optional<String> command = context == null ? Optional.empty() : context.commandLine();
    return new NetperfStream(command.flatMap(NetperfParser::test).orElse(null),
        command.flatMap(NetperfParser::format).orElse(null),
        Omni.selectors(command.map(c -> testOption(c, "-o")).orElse(null)));
  }

  /** A test-specific option's value (after {@code --}): {@code -- -o THROUGHPUT,...}. */
  static String testOption(String commandLine, String flag) {
    String[] tokens = commandLine.trim().split("\\s+");
    boolean testSpecific = false;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i].replace("\"", "").replace("'", "");
      if (t.equals("--")) {
        testSpecific = true;
      } else if (testSpecific && t.equals(flag) && i + 1 < tokens.length) {
        return tokens[i + 1].replace("\"", "").replace("'", "");
      }
    }
    return null;
  }

  /** The {@code -t} test of a netperf command line, lower case ({@code tcp_rr}), if any. */
  static Optional<String> test(String commandLine) {
    String value = option(commandLine, "-t");
    if (value == null || !value.matches("[A-Za-z][A-Za-z0-9_]{0,30}")) {
      return Optional.empty();
    }
    return Optional.of(value.toLowerCase(Locale.ROOT));
  }

  /** The {@code -f} units letter of a netperf command line, if any. */
  static Optional<String> format(String commandLine) {
    String value = option(commandLine, "-f");
    return value == null || value.length() != 1 ? Optional.empty() : Optional.of(value);
  }

  /** A global option's value ({@code -t TCP_RR} or {@code -tTCP_RR}), before any {@code --}. */
  private static String option(String commandLine, String flag) {
    if (commandLine == null) {
      return null;
    }
    String[] tokens = commandLine.trim().split("\\s+");
    boolean seenNetperf = false;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i].replace("\"", "").replace("'", "");
      if (t.substring(t.lastIndexOf('/') + 1).equals("netperf")) {
        seenNetperf = true;
      } else if (!seenNetperf) {
        continue;
      } else if (t.equals("--")) {
        return null;
      } else if (t.equals(flag) && i + 1 < tokens.length) {
        return tokens[i + 1].replace("\"", "").replace("'", "");
      } else if (t.startsWith(flag) && t.length() > 2) {
        return t.substring(2);
      }
    }
    return null;
  }
}
