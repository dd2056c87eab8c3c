package io.benchtap.parse.iperf3;

import io.benchtap.parse.support.IperfUnits;
import io.benchtap.parse.support.IperfEmitter;
import io.benchtap.parse.support.StreamOrdinals;
import static io.benchtap.parse.support.IperfEmitter.labels;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iperf3 text format (client and server, {@code -P}, {@code -R}, {@code --bidir}, UDP,
 * {@code -V}). Data lines without a trailing {@code sender}/{@code receiver} are live interval
 * lines; with one they are the summary. The direction of interval lines comes from the table
 * header (a {@code Retr} or {@code Total Datagrams} column is printed by the sending side, a
 * {@code Jitter} column by the receiving side), else from the side and {@code Reverse mode}.
 * The {@code stream} label is the ordinal of the socket id per {@code --bidir} role, counted
 * from 1 in each test ({@link StreamOrdinals}).
 */
final class TextReport {

  static final Pattern DATA = Pattern.compile(
      "\\[\\s*(\\d+|SUM)\\](?:\\[(TX-C|RX-C|TX-S|RX-S)\\])?\\s+(\\d+\\.\\d+)-(\\d+\\.\\d+)\\s+sec"
          + "\\s+(\\S+)\\s+(\\S*Bytes)\\s+(\\S+)\\s+(\\S*bits/sec|\\S*Bytes/sec)\\s*(.*)");
  private static final Pattern HEADER = Pattern.compile("\\[ ID\\](\\[Role\\])?\\s+Interval\\s.*");
  private static final Pattern CONNECTED =
      Pattern.compile("\\[\\s*\\d+\\] local \\S+ port \\d+ connected to \\S+ port \\d+");
  private static final Pattern MARKER = Pattern.compile("(.*?)\\s*\\b(sender|receiver)");
  private static final Pattern UDP_LOSS =
      Pattern.compile("(\\S+) ms\\s+(\\d+)/(\\d+)\\s+\\((\\S+)%\\)");
  private static final Pattern RETR = Pattern.compile("(\\d+)(?:\\s+\\S+\\s+\\S*Bytes)?");
  private static final Pattern CPU = Pattern.compile(
      "CPU Utilization: local/\\w+ ([0-9.]+)% \\(.*\\), remote/\\w+ ([0-9.]+)% \\(.*\\)");
  private static final Pattern ERROR = Pattern.compile("iperf3: (?:error|interrupt) - (.*)");

  private boolean client;
  private boolean server;
  private boolean reverse;
  private boolean bidir;
  private int connections;
  /** "sender", "receiver" or null (derive from side) for the current table. */
  private String headerDirection;
  /** A data line of this test was seen: a header after it opens the summary. */
  private boolean sawData;
  /**
   * Under the summary's header: a data line without a sender/receiver marker is final (3.1.x
   * prints its UDP client summary so, and its Windows build without a separator line before it).
   */
  private boolean summary;
  private boolean udp;
  private final StreamOrdinals ordinals = new StreamOrdinals();

  /** Handles one trimmed text line; false when it is not iperf3 text. */
  boolean handle(String t, IperfEmitter emitter, ParseSink out) {
    Matcher m = ERROR.matcher(t);
    if (m.matches()) {
      emitter.fail(out, m.group(1));
      return true;
    }
    m = DATA.matcher(t);
    if (m.matches()) {
      return data(m, emitter, out);
    }
    if (HEADER.matcher(t).matches()) {
      header(t, emitter);
      return true;
    }
    if (CONNECTED.matcher(t).matches()) {
      connections++;
      return true;
    }
    m = CPU.matcher(t);
    if (m.matches()) {
      emitter.emit(out, "cpu_utilization_ratio", IperfUnits.percent(m.group(1)).orElse(Double.NaN),
          IperfEmitter.RATIO, Phase.FINAL, labels("side", "local"));
      emitter.emit(out, "cpu_utilization_ratio", IperfUnits.percent(m.group(2)).orElse(Double.NaN),
          IperfEmitter.RATIO, Phase.FINAL, labels("side", "remote"));
      return true;
    }
    return known(t);
  }

  private void header(String t, IperfEmitter emitter) {
    summary = sawData;
    bidir = t.startsWith("[ ID][Role]");
    if (t.contains("Jitter")) {
      headerDirection = "receiver";
      udp = true;
    } else if (t.contains("Total Datagrams")) {
      headerDirection = "sender";
      udp = true;
    } else if (t.contains("Retr")) {
      headerDirection = "sender";
    } else {
      headerDirection = null;
    }
    emitter.infer(udp ? "udp" : "tcp");
  }

  private boolean data(Matcher m, IperfEmitter emitter, ParseSink out) {
    String rest = m.group(9).strip();
    if (rest.contains("(omitted)")) {
      return true;
    }
    Matcher marker = MARKER.matcher(rest);
    boolean marked = marker.matches();
    sawData = true;
    Phase phase = marked || summary ? Phase.FINAL : Phase.INTERVAL;
    String values = marked ? marker.group(1).strip() : rest;
    String role = m.group(2);
    String direction = marked ? marker.group(2) : intervalDirection(role);
    boolean sum = "SUM".equals(m.group(1));
    int perDirection = bidir ? connections / 2 : connections;
    String stream = sum || perDirection <= 1 ? null : ordinals.of(role, m.group(1));
    Map<String, String> l = labels("direction", direction, "stream", stream,
        "role", role == null ? null : role.toLowerCase(Locale.ROOT).replace('-', '_'));

    OptionalDouble rate = IperfUnits.bitsPerSecond(m.group(7), m.group(8));
    OptionalDouble bytes = IperfUnits.bytes(m.group(5), m.group(6));
    if (rate.isEmpty() || bytes.isEmpty()) {
      out.unparsed(m.group(0), "bad number");
      return true;
    }
    emitter.emit(out, "throughput_bytes_per_second", rate.getAsDouble() / 8, IperfEmitter.BYTES_PER_SECOND,
        phase, l);
    emitter.emit(out, "transferred_bytes", bytes.getAsDouble(), IperfEmitter.BYTES, phase, l);
    Matcher loss = UDP_LOSS.matcher(values);
    Matcher retr = RETR.matcher(values);
    if (loss.matches()) {
      if ("receiver".equals(direction)) {
        emitter.udpLoss(out, loss.group(1), loss.group(2), loss.group(3), phase, l);
      } else {
        emitter.emit(out, "datagrams_total", IperfUnits.number(loss.group(3)).orElse(Double.NaN),
            IperfEmitter.COUNT, phase, l);
      }
    } else if (udp && values.matches("\\d+")) {
      emitter.emit(out, "datagrams_total", IperfUnits.number(values).orElse(Double.NaN),
          IperfEmitter.COUNT, phase, l);
    } else if (retr.matches()) {
      emitter.emit(out, "retransmits_total", IperfUnits.number(retr.group(1)).orElse(Double.NaN),
          IperfEmitter.COUNT, phase, l);
    }
    return true;
  }

  private String intervalDirection(String role) {
    if (role != null) {
      return role.startsWith("TX") ? "sender" : "receiver";
    }
    if (headerDirection != null) {
      return headerDirection;
    }
    if (client) {
      return reverse ? "receiver" : "sender";
    }
    return server ? (reverse ? "sender" : "receiver") : null;
  }

  /** A test begins (a client connects, a server listens or accepts): no data, summary or connection yet. */
  private void newTest() {
    sawData = false;
    summary = false;
    connections = 0;
    ordinals.reset();
  }

  /** Informational iperf3 lines; also tracks the side, reverse mode and connection count. */
  private boolean known(String t) {
    if (t.startsWith("Connecting to host ")) {
      client = true;
      newTest();
      return true;
    }
    if (t.startsWith("Server listening on ") || t.startsWith("Accepted connection from ")) {
      server = true;
      newTest();
      return true;
    }
    if (t.startsWith("Reverse mode, remote host ")) {
      reverse = true;
      return true;
    }
    return t.matches("-[ -]*") || t.equals("iperf Done.")
        || t.matches("iperf 3\\.\\d+.*") || t.startsWith("Time: ") || t.startsWith("Cookie: ")
        || t.startsWith("TCP MSS: ") || t.startsWith("Control connection MSS ")
        || t.startsWith("Starting Test: ") || t.startsWith("Test Complete. Summary Results:")
        || t.matches("(snd|rcv)_tcp_congestion \\S+") || t.startsWith("warning: ")
        || t.startsWith("Target Bitrate: ") || t.equals("Server output:")
        || t.startsWith("Setting UDP block size to ")
        || t.startsWith("Bidirectional mode") || t.matches("\\w+ \\S+ \\S+ #\\d+\\S* .*")
        // 3.1.x: the UDP client's count of datagrams sent (its summary line carries no loss)
        || t.matches("\\[\\s*\\d+\\] Sent \\d+ datagrams")
        // -V system line of the Windows (Cygwin) builds: CYGWIN_NT-10.0 HOST 2.5.1(0.297/5/3) ...
        || t.matches("CYGWIN_NT-\\S+ \\S+ .*");
  }
}
