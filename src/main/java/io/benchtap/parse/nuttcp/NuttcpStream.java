package io.benchtap.parse.nuttcp;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one nuttcp output stream. Each line is, in this order: blank (ignored), an
 * error (run failed), a brief report, an {@code -fparse} report, a verbose {@code nuttcp-t:} /
 * {@code nuttcp-r:} line, or unrecognised. Reports are emitted as soon as their line is read;
 * nothing is buffered. Never throws.
 */
final class NuttcpStream extends ToolStream {

  private static final Pattern ERROR =
      Pattern.compile("nuttcp(?:-[A-Za-z0-9]+)?:.*?\\bError:\\s*(.*)");
  private static final Pattern IGNORED = Pattern.compile("errno=\\d+|nuttcp-[a-zA-Z]: Info: .*");
  private static final Pattern BRIEF = Pattern.compile(
      "(\\d+\\.\\d+) MB /\\s+(\\d+\\.\\d+) sec =\\s+(\\d+\\.\\d+) Mbps(.*)");
  private static final Pattern FIELD = Pattern.compile("\\G\\s+(?:(\\d+) %TX|(\\d+) %RX"
      + "|(\\d+) (?:host-)?retrans|(\\d+\\.\\d+) msRTT|(\\d+) / +(\\d+) ~?drop/pkt"
      + "|(\\d+\\.\\d+) ~?%loss|\\d+ KB-cwnd|\\d+\\.\\d+ ms-?(?:Min|Avg|Max)(?:Jitter|OWD))");
  private static final Pattern VERBOSE = Pattern.compile("nuttcp-([tr]):\\s*(.*)");
  private static final Pattern V_PERF = Pattern.compile(
      "(\\d+\\.\\d+) MB in (\\d+\\.\\d+) real seconds = (\\d+\\.\\d+) KB/sec = (\\d+\\.\\d+) Mbps");
  private static final Pattern V_RETRANS = Pattern.compile("retrans ?= ?(\\d+)");
  private static final Pattern V_RTT = Pattern.compile(
      "connect(?: to \\S+ with mss=\\d+, RTT=| ?=\\s*\\S+ mss=\\d+ rtt_ms=)(\\d+\\.\\d+)(?: ms)?");
  private static final Pattern V_CPU = Pattern.compile(
      "(?:\\S+user \\S+sys \\S+real (\\d+)% .*|stats=cpu .* cpu=(\\d+)% .*)");
  private static final Pattern V_MODE = Pattern.compile("buflen=\\d+,? .*\\b(?:mode=)?(udp|tcp)\\b.*");

  private final Emitter emitter;

  NuttcpStream(CommandLines command) {
    this.emitter = new Emitter(command);
  }

  @Override
  protected void read(String t, String line, ParseSink out) {
    Matcher m = ERROR.matcher(t);
    if (m.matches()) {
      emitter.fail(out, "nuttcp error: ", m.group(1));
      return;
    }
    if (IGNORED.matcher(t).matches()) {
      return;
    }
    m = BRIEF.matcher(t);
    if (m.matches()) {
      brief(m, line, out);
      return;
    }
    if (t.startsWith("megabytes=")) {
      keyValues(t, line, out, null);
      return;
    }
    m = VERBOSE.matcher(t);
    if (m.matches()) {
      verbose(m.group(1).charAt(0), m.group(2), line, out);
      return;
    }
    out.unparsed(line, "unrecognised line");
  }

  private void brief(Matcher head, String line, ParseSink out) {
    Report r = new Report();
    r.megabytes = head.group(1);
    r.mbps = head.group(3);
    String rest = head.group(4);
    Matcher f = FIELD.matcher(rest);
    int end = 0;
    while (end < rest.length() && f.find(end) && f.start() == end) {
      r.txCpu = first(f.group(1), r.txCpu);
      r.rxCpu = first(f.group(2), r.rxCpu);
      r.retrans = first(f.group(3), r.retrans);
      r.rttMs = first(f.group(4), r.rttMs);
      r.lossPercent = first(f.group(7), r.lossPercent);
      if (f.group(5) != null || f.group(7) != null) {
        emitter.udpSeen();
      }
      end = f.end();
    }
    if (!rest.substring(end).isBlank()) {
      out.unparsed(line, "unrecognised field");
      return;
    }
    emitReport(r, r.hasCpu() ? Phase.FINAL : Phase.INTERVAL, line, out);
  }

  /** An {@code -fparse} line; {@code side} is the verbose prefix ('t' or 'r') or null. */
  private void keyValues(String t, String line, ParseSink out, Character side) {
    Report r = new Report();
    boolean interval = false;
    boolean timed = false;
    for (String token : t.split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        out.unparsed(line, "unrecognised field");
        return;
      }
      String value = token.substring(eq + 1);
      switch (token.substring(0, eq)) {
        case "megabytes" -> r.megabytes = value;
        case "real_sec" -> { interval = true; timed = true; }
        case "real_seconds" -> timed = true;
        case "rate_Mbps" -> r.mbps = value;
        case "tx_cpu" -> r.txCpu = value;
        case "rx_cpu" -> r.rxCpu = value;
        case "retrans", "host-retrans" -> r.retrans = first(value, r.retrans);
        case "rtt_ms" -> r.rttMs = value;
        case "data_loss" -> { r.lossPercent = value; emitter.udpSeen(); }
        case "drop", "pkt" -> emitter.udpSeen();
        default -> { }
      }
    }
    if (!timed && side == null) {
      out.unparsed(line, "incomplete line");
      return;
    }
    if (!timed || side != null && side == 't') {
      return; // a verbose per-CPU-second line, or the transmitter's own view
    }
    emitReport(r, interval ? Phase.INTERVAL : Phase.FINAL, line, out);
  }

  private void verbose(char side, String body, String line, ParseSink out) {
    emitter.firstVerboseSide(side);
    Matcher m;
    if (body.startsWith("megabytes=")) {
      keyValues(body, line, out, side);
    } else if ((m = V_PERF.matcher(body)).matches()) {
      if (side == 'r') {
        Report r = new Report();
        r.megabytes = m.group(1);
        r.mbps = m.group(4);
        emitReport(r, Phase.FINAL, line, out);
      }
    } else if ((m = V_RETRANS.matcher(body)).matches()) {
      Report r = new Report();
      r.retrans = m.group(1);
      emitReport(r, Phase.FINAL, line, out);
    } else if ((m = V_RTT.matcher(body)).matches()) {
      Report r = new Report();
      r.rttMs = m.group(1);
      emitReport(r, Phase.FINAL, line, out);
    } else if ((m = V_CPU.matcher(body)).matches()) {
      Report r = new Report();
      String cpu = m.group(1) != null ? m.group(1) : m.group(2);
      if (side == 't') {
        r.txCpu = cpu;
      } else {
        r.rxCpu = cpu;
      }
      emitReport(r, Phase.FINAL, line, out);
    } else if ((m = V_MODE.matcher(body)).matches() && m.group(1).equals("udp")) {
      emitter.udpSeen();
    }
    // any other verbose line (version, windows, I/O calls) is informational
  }

  private void emitReport(Report r, Phase phase, String line, ParseSink out) {
    if (!r.valid()) {
      out.unparsed(line, "bad number");
      return;
    }
    r.emit(emitter, out, phase);
  }

  private static String first(String candidate, String current) {
    return current != null ? current : candidate;
  }

  @Override
  protected boolean ignoresRest() {
    return emitter.failed(); // nothing is read after the run failed
  }
}
