package io.benchtap.parse.iperf3;

import static io.benchtap.parse.support.CommonMetrics.CPU_UTILIZATION;
import static io.benchtap.parse.support.CommonMetrics.DATAGRAMS;
import static io.benchtap.parse.support.CommonMetrics.DATAGRAMS_LOST;
import static io.benchtap.parse.support.CommonMetrics.DATAGRAMS_LOST_RATIO;
import static io.benchtap.parse.support.CommonMetrics.JITTER;
import static io.benchtap.parse.support.CommonMetrics.RETRANSMITS;
import static io.benchtap.parse.support.CommonMetrics.THROUGHPUT;
import static io.benchtap.parse.support.CommonMetrics.TRANSFERRED;

import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parser for <a href="https://github.com/esnet/iperf">iperf3</a> output (3.x; captured with
 * 3.12, the text and JSON formats are stable since 3.1).
 *
 * <p>Formats: text output of client and server ({@code -s}), with {@code -P} ([SUM] lines),
 * {@code -R}, {@code --bidir} ([TX-C]/[RX-C] roles), UDP (jitter, lost/total datagrams) and
 * {@code -V} (CPU utilization line); the {@code --json} document (buffered until it closes, at
 * most 8 MiB); {@code --json-stream} (3.17+, one event per line, live).
 *
 * <p>Metrics: {@code throughput_bytes_per_second} and {@code transferred_bytes} (labels
 * {@code direction} = sender|receiver, {@code stream} = 1..P when there are several streams (the
 * ordinal of the socket id in order of first appearance, per {@code --bidir} role and test),
 * {@code role} = tx_c|rx_c|tx_s|rx_s with {@code --bidir}; the [SUM] line or JSON sum is the
 * unlabelled headline), {@code retransmits_total}, {@code jitter_seconds},
 * {@code datagrams_lost_total}, {@code datagrams_total}, {@code datagrams_lost_ratio} (lost /
 * total), {@code cpu_utilization_ratio} ({@code side} = local|remote). Interval lines and JSON
 * intervals are phase interval, summary lines ({@code sender}/{@code receiver}) and the JSON end
 * are phase final. Intervals marked omitted ({@code -O}) are skipped. iperf3 prints the
 * retransmits and datagrams of each interval: interval {@code *_total} values are emitted as
 * running sums since the stream started (a counter), final values as printed.
 *
 * <p>Unknown lines: known informational output (banners, connection lines, headers, separators,
 * {@code -V} details) is ignored; other lines are reported with {@code unparsed(line,
 * "unrecognised line")}, a malformed or truncated JSON document with one unparsed report. {@code
 * iperf3: error - ...}, a JSON {@code "error"} and an {@code error} event report {@code runFailed}
 * once; nothing is emitted after it (and nothing from a JSON document that carries an error).
 */
public final class Iperf3Parser extends DeclaredParser {

  private static final Pattern STRONG = Pattern.compile(
      "\\s*(Connecting to host \\S+, port \\d+|Server listening on \\d+( \\(test #\\d+\\))?"
          + "|iperf3: (error|interrupt) - .*|\"version\":\\s*\"iperf 3\\..*"
          + "|\\{\"event\":\"(start|interval|end|error)\",\"data\":.*)\\s*");
  private static final Pattern WEAK = Pattern.compile(
      "\\s*(\\[ ID\\](\\[Role\\])? Interval\\s+Transfer\\s+Bitrate.*|iperf Done\\."
          + "|\\[\\s*(\\d+|SUM)\\]\\s+\\d+\\.\\d\\d-\\d+\\.\\d\\d\\s+sec\\s+.*bits/sec.*)\\s*");

  /** The tool's name, version flag and metrics (docs/metrics.md, "iperf3"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("iperf3", List.of("--version"), List.of(
      THROUGHPUT, TRANSFERRED, RETRANSMITS, JITTER, DATAGRAMS_LOST, DATAGRAMS, DATAGRAMS_LOST_RATIO, CPU_UTILIZATION));

  public Iperf3Parser() {
    super(DECLARATION);
  }

  /**
   * 97 for an iperf3-only line (connect banner, error, JSON version or event), 60 for a table.
   * Above iperf 2's 95: iperf3 3.0/3.1 print iperf 2's table header ({@code [ ID] Interval
   * Transfer Bandwidth}), which iperf 2 counts as its own strong line, while no iperf 2 output
   * has an iperf3-only line.
   */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 2000, line -> STRONG.matcher(line).matches(), 97,
        line -> WEAK.matcher(line).matches(), 60);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    return new Iperf3Stream(context == null ? null
        : context.commandLine().flatMap(Iperf3Parser::benchmark).orElse(null));
  }

  /** tcp, udp or sctp from an iperf3 command line; empty when it is not one. */
  static Optional<String> benchmark(String commandLine) {
    if (commandLine == null || !commandLine.matches("(?s).*\\biperf3\\b.*")) {
      return Optional.empty();
    }
    for (String token : commandLine.trim().split("\\s+")) {
      if (token.equals("-u") || token.equals("--udp")) {
        return Optional.of("udp");
      }
      if (token.equals("--sctp")) {
        return Optional.of("sctp");
      }
    }
    return Optional.of("tcp");
  }
}
