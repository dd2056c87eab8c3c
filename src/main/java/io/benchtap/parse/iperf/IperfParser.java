package io.benchtap.parse.iperf;

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
 * Parser for iperf 2 text output (2.0.x and 2.1.x/2.2.x; captured with 2.1.8).
 *
 * <p>Formats: client and server ({@code -s}) output, with {@code -i} interval reports,
 * {@code -P} ([SUM] lines), UDP (the client's {@code Server Report:} and the server's jitter and
 * lost/total columns), {@code -R} reverse ([ *N] ids), {@code -d}/{@code -r} dual and tradeoff
 * tests, the enhanced {@code -e} columns (Write/Err, Rtry, Cwnd/RTT, NetPwr; Reads=Dist; PPS and
 * latency on UDP) and any {@code -f} unit.
 *
 * <p>Metrics: {@code throughput_bytes_per_second} and {@code transferred_bytes} (labels
 * {@code direction} = sender|receiver from the client/server side and reverse flag, or receiver
 * for a UDP server report; {@code stream} = 1..P, the ordinal of the connection id in order of
 * first appearance per connection direction, when more than one connection was made; the
 * [SUM] line is the unlabelled headline), {@code retransmits_total} (enhanced TCP client
 * {@code Rtry}), {@code jitter_seconds}, {@code datagrams_lost_total}, {@code datagrams_total}
 * and {@code datagrams_lost_ratio} (lost / total). Other enhanced columns are not emitted.
 * iperf 2 prints the counts of each interval; interval {@code *_total} values are emitted as
 * running sums (a counter), the summary as printed.
 * The phase rule for 0.0-start lines is explained in {@link IperfStream}.
 *
 * <p>Unknown lines: known informational output (banners, buffer sizes, connection lines,
 * headers, datagram counts, warnings) is ignored; other lines are reported with {@code
 * unparsed(line, "unrecognised line")}. {@code connect failed:}, {@code bind failed:} and
 * {@code read/write failed: Connection refused} report {@code runFailed} once (lines already
 * read are emitted first); nothing is emitted after it.
 */
public final class IperfParser extends DeclaredParser {

  private static final Pattern STRONG = Pattern.compile(
      "\\s*(Client connecting to \\S+, (TCP|UDP|SCTP) port \\d+.*|Server listening on (TCP|UDP|SCTP)"
          + " port \\d+.*|\\[ ID\\] Interval\\s+Transfer\\s+Bandwidth.*"
          + "|[0-9]{14}(\\.[0-9]+)?,[0-9A-Fa-f.:%\\[\\]]+,[0-9]+,[0-9A-Fa-f.:%\\[\\]]+,[0-9]+,-?[0-9]+,"
          + "[0-9]+\\.[0-9]+-[0-9]+\\.[0-9]+,[0-9]+,[0-9]+(,.*)?)");
  private static final Pattern WEAK = Pattern.compile(
      "\\s*((tcp |udp )?connect failed: .*|\\[\\s*\\*?\\s*(\\d+|SUM)\\]\\s+\\d+\\.\\d+\\s*-\\s*"
          + "\\d+\\.\\d+ sec\\s+.*|\\[\\s*\\d+\\] local \\S+ port \\d+ connected with .*)");

  /** The tool's name, version flag and metrics (docs/metrics.md, "iperf"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("iperf", List.of("-v"), List.of(
      THROUGHPUT, TRANSFERRED, RETRANSMITS, JITTER, DATAGRAMS_LOST, DATAGRAMS, DATAGRAMS_LOST_RATIO));

  public IperfParser() {
    super(DECLARATION);
  }

  /** 95 for an iperf 2 banner or table header, 60 for an iperf 2 style data or error line. */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 2000, line -> STRONG.matcher(line).matches(), 95,
        line -> WEAK.matcher(line).matches(), 60);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    Optional<String> cmd = context == null ? Optional.empty()
        : context.commandLine().filter(c -> c.matches("(?s).*\\biperf\\b(?!3).*"));
    return new IperfStream(cmd.map(IperfParser::benchmark).orElse(null),
        cmd.map(IperfParser::intervals).orElse(null),
        cmd.map(CsvSide::of).orElse(CsvSide.UNKNOWN));
  }

  static String benchmark(String commandLine) {
    for (String token : commandLine.trim().split("\\s+")) {
      if (token.equals("-u") || token.equals("--udp")) {
        return "udp";
      }
    }
    return "tcp";
  }

  /** Whether the command line asks for interval reports ({@code -i N}, {@code --interval N}). */
  static boolean intervals(String commandLine) {
    String[] tokens = commandLine.trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      String value = null;
      if ((t.equals("-i") || t.equals("--interval")) && i + 1 < tokens.length) {
        value = tokens[i + 1];
      } else if (t.startsWith("--interval=")) {
        value = t.substring("--interval=".length());
      } else if (t.startsWith("-i") && t.length() > 2 && !t.startsWith("--")) {
        value = t.substring(2);
      }
      if (value != null) {
        try {
          return Double.parseDouble(value.replaceAll("[a-zA-Z]+$", "")) > 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
