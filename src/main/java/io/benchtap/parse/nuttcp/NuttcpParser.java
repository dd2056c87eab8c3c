package io.benchtap.parse.nuttcp;

import static io.benchtap.parse.support.CommonMetrics.CPU_UTILIZATION;
import static io.benchtap.parse.support.CommonMetrics.DATAGRAMS_LOST_RATIO;
import static io.benchtap.parse.support.CommonMetrics.RETRANSMITS;
import static io.benchtap.parse.support.CommonMetrics.ROUND_TRIP_LATENCY;
import static io.benchtap.parse.support.CommonMetrics.THROUGHPUT;
import static io.benchtap.parse.support.CommonMetrics.TRANSFERRED;

import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolDeclaration;
import io.benchtap.parse.support.DeclaredParser;
import io.benchtap.parse.support.Detect;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parser for <a href="https://nuttcp.net/">nuttcp</a> client output.
 *
 * <p>Understands nuttcp 6.x to 8.x client output in its three formats: the default brief lines
 * ({@code 7392.1843 MB /   3.00 sec = 20668.7709 Mbps 81 %TX 46 %RX 0 retrans 0.13 msRTT}, with
 * {@code -i} interval lines and UDP {@code drop/pkt} and {@code %loss} fields), the {@code -fparse}
 * key=value lines ({@code megabytes= real_seconds= rate_Mbps= tx_cpu= rx_cpu= retrans= rtt_ms=
 * drop= pkt= data_loss=}, interval lines with {@code real_sec=}) and the {@code -v} verbose blocks
 * prefixed {@code nuttcp-t:} / {@code nuttcp-r:} (plain or {@code -fparse}).
 *
 * <p>Benchmark: {@code udp} when the command line has {@code -u} (or the output shows UDP loss
 * fields), else {@code tcp}. Direction label of throughput and bytes: the client's role, {@code
 * sender} by default (nuttcp transmits by default) and {@code receiver} with {@code -r}; without
 * a command line a verbose block tells it (the client prints its own block first), brief output
 * cannot and is taken as {@code sender}. The value itself is the receiver's measurement, as
 * nuttcp reports it ("from the viewpoint of the receiver", nuttcp(8) {@code -b}).
 *
 * <p>Metrics (SI units; MB is 2^20 bytes and Mbps 10^6 bit/s in nuttcp): {@code
 * throughput_bytes_per_second}, {@code transferred_bytes}, {@code cpu_utilization_ratio} ({@code
 * side} = sender for %TX, receiver for %RX), {@code retransmits_total}, {@code
 * round_trip_latency_seconds} (the RTT nuttcp measures on connect), {@code datagrams_lost_ratio}.
 *
 * <p>Unknown lines: blank lines, {@code errno=} and verbose chatter (window sizes, I/O calls) are
 * ignored; any other line is reported with {@code unparsed(line, "unrecognised line")}, a known
 * line with a bad value or unknown trailing field with {@code "bad number"} / {@code "unrecognised
 * field"}. A line with {@code Error:} (e.g. {@code nuttcp-t: v6.1.2: Error: connect: Connection
 * refused}) reports {@code runFailed} once; everything after it is ignored.
 */
public final class NuttcpParser extends DeclaredParser {

  private static final Pattern BRIEF =
      Pattern.compile("\\s*\\d+\\.\\d+ MB /\\s+\\d+\\.\\d+ sec =\\s+\\d+\\.\\d+ Mbps.*");
  private static final Pattern PARSE =
      Pattern.compile("(nuttcp-[tr]: )?megabytes=\\S+ real_sec(onds)?=\\S+ .*");
  private static final Pattern VERBOSE = Pattern.compile("nuttcp-[tr]: (v\\d+\\.\\d+\\.\\d+|.*Error:).*");

  /** The tool's name, version flag and metrics (docs/metrics.md, "nuttcp"). */
  private static final ToolDeclaration DECLARATION = new ToolDeclaration("nuttcp", List.of("-V"), List.of(
      THROUGHPUT, TRANSFERRED, CPU_UTILIZATION, RETRANSMITS, ROUND_TRIP_LATENCY, DATAGRAMS_LOST_RATIO));

  public NuttcpParser() {
    super(DECLARATION);
  }

  /** 100 for a verbose/error {@code nuttcp-t:} line, 90 for brief or -fparse lines, else 0. */
  @Override
  public int detect(List<String> head) {
    return Detect.score(head, 400, line -> VERBOSE.matcher(line).matches(), 100,
        line -> BRIEF.matcher(line).matches() || PARSE.matcher(line).matches(), 90);
  }

  @Override
  public StreamParser newStream(StreamContext context) {
    String command = context == null ? null : context.commandLine().orElse(null);
    return new NuttcpStream(CommandLines.of(command));
  }
}
