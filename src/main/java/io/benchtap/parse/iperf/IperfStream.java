package io.benchtap.parse.iperf;

import io.benchtap.parse.support.IperfUnits;
import io.benchtap.parse.support.IperfEmitter;
import io.benchtap.parse.support.StreamOrdinals;
import static io.benchtap.parse.support.IperfEmitter.labels;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one iperf 2 output stream. Never throws.
 *
 * <p>iperf 2 prints the summary of a stream as one more data line starting at 0.0, so a line
 * {@code 0.0000-1.0000} may be the first interval (with {@code -i}) or the whole run (without).
 * A stream's line that starts after 0 is an interval; a 0-start line after other lines of the
 * same stream is the summary. The first 0-start line of a stream is an interval when the command
 * line has {@code -i}, the summary when a command line without {@code -i} is known, and otherwise
 * held back until the stream's next line (or the end of the output) tells which it was.
 */
final class IperfStream extends ToolStream {

  private static final Pattern DATA = Pattern.compile(
      "\\[\\s*(\\*?)\\s*(\\d+|SUM(?:-\\d+)?)\\]\\s+(\\d+(?:\\.\\d+)?)\\s*-\\s*(\\d+(?:\\.\\d+)?)"
          + "\\s+sec\\s+(\\S+)\\s+(\\S*Bytes)\\s+(\\S+)\\s+(\\S*bits/sec|\\S*Bytes/sec)\\s*(.*)");
  private static final Pattern CONNECT = Pattern.compile(
      "\\[\\s*(\\*?)\\s*(\\d+)\\] local \\S+ port \\d+ connected with \\S+ port \\d+(.*)");
  private static final Pattern SECTION =
      Pattern.compile("(Client connecting to \\S+, |Server listening on )(TCP|UDP|SCTP) port.*");
  private static final Pattern SERVER_REPORT = Pattern.compile("\\[\\s*\\*?\\s*(\\d+)\\] Server Report:");
  private static final Pattern FAILURE = Pattern.compile(
      "((?:tcp |udp )?connect failed: .*|(?:listener )?bind failed: .*"
          + "|(?:read|write|recv|send) failed: Connection refused)");
  private static final Pattern UDP_LOSS =
      Pattern.compile("(?:(\\S+) ms\\s+)?(\\d+)/\\s*(\\d+)\\s+\\((\\S+)%\\).*");
  private static final Pattern WRITES_RETRY = Pattern.compile("\\d+/\\d+\\s+(\\d+)(?:\\s+.*)?");

  /** One data line, kept until its phase is known. */
  private record Line(String key, Map<String, String> labels, double rate, double bytes,
      String rest, CsvRow csv) {}

  private final IperfEmitter emitter;
  private final Boolean intervals;
  private final CsvSide csvSide;
  private final List<CsvRow> csvRows = new ArrayList<>();
  private final Set<String> csvIds = new HashSet<>();
  private final Map<String, Line> pending = new LinkedHashMap<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<String, String> directions = new HashMap<>();
  private final List<String[]> unassigned = new ArrayList<>();
  private final Set<String> serverReports = new HashSet<>();
  private final StreamOrdinals ordinals = new StreamOrdinals();
  private String role;
  private String primaryRole;
  private boolean udp;
  private int connections;

  /**
   * @param benchmark from the command line, or null
   * @param intervals whether the command line asks for interval reports; null when unknown
   */
  IperfStream(String benchmark, Boolean intervals) {
    this(benchmark, intervals, CsvSide.UNKNOWN);
  }

  /** @param csvSide what the command line says of the CSV rows' side and stream count */
  IperfStream(String benchmark, Boolean intervals, CsvSide csvSide) {
    this.emitter = new IperfEmitter("iperf", benchmark);
    this.intervals = intervals;
    this.csvSide = csvSide;
  }

  @Override
  protected void read(String t, String line, ParseSink out) {
    if (CsvRow.looksLike(t)) {
      csv(line, t, out);
      return;
    }
    Matcher m = DATA.matcher(t);
    if (m.matches()) {
      data(m, out);
      return;
    }
    if ((m = CONNECT.matcher(t)).matches()) {
      connect(m.group(2), !m.group(1).isEmpty() || m.group(3).contains("(reverse)"));
      return;
    }
    if ((m = SECTION.matcher(t)).matches()) {
      section(m.group(1).startsWith("Client") ? "client" : "server", m.group(2));
      return;
    }
    if ((m = SERVER_REPORT.matcher(t)).matches()) {
      serverReports.add(m.group(1));
      return;
    }
    if (FAILURE.matcher(t).matches()) {
      replayCsv(out);
      flushPending(out);
      emitter.fail(out, t);
      return;
    }
    if (!KnownLines.known(t)) {
      out.unparsed(line, "unrecognised line");
    }
  }

  private void section(String newRole, String protocol) {
    role = newRole;
    if (primaryRole == null) {
      primaryRole = newRole;
    }
    udp = protocol.equals("UDP");
    emitter.infer(protocol.toLowerCase(java.util.Locale.ROOT));
    for (String[] c : unassigned) {
      directions.put(c[0], direction(c[1].equals("r")));
    }
    unassigned.clear();
  }

  private void connect(String id, boolean reverse) {
    connections++;
    if (role == null) {
      unassigned.add(new String[] {id, reverse ? "r" : ""});
    } else {
      directions.put(id, direction(reverse));
    }
  }

  private String direction(boolean reverse) {
    if (role == null) {
      return null;
    }
    // The reverse flag counts on the primary side only: the connection that a -d/-r server makes
    // back to the client is marked "(reverse)" by iperf 2.1 although the server sends on it.
    boolean flip = reverse && role.equals(primaryRole);
    return role.equals("client") != flip ? "sender" : "receiver";
  }

  private void data(Matcher m, ParseSink out) {
    String id = m.group(2);
    boolean sum = id.startsWith("SUM");
    boolean report = !sum && serverReports.remove(id);
    // The connection's own direction; a server report of a client's connection is "receiver".
    String own = directions.getOrDefault(id, direction(!m.group(1).isEmpty()));
    String direction = report ? "receiver" : sum ? sumDirection() : own;
    String stream = sum || connections <= 1 ? null : ordinals.of(own, id);
    OptionalDouble rate = IperfUnits.bitsPerSecond(m.group(7), m.group(8));
    OptionalDouble bytes = IperfUnits.bytes(m.group(5), m.group(6));
    OptionalDouble start = IperfUnits.number(m.group(3));
    if (rate.isEmpty() || bytes.isEmpty() || start.isEmpty()) {
      out.unparsed(m.group(0), "bad number");
      return;
    }
    String key = (report ? "report:" : "") + id;
    Line line = new Line(key, labels("direction", direction, "stream", stream),
        rate.getAsDouble(), bytes.getAsDouble(), m.group(9).strip(), null);
    if (report) {
      emit(line, Phase.FINAL, out);
      return;
    }
    place(line, start.getAsDouble(), out);
  }

  /**
   * A CSV row: emitted at once when the command line says there is one stream, else kept until
   * the end of the output, when the number of streams (the {@code stream} label) is known.
   */
  private void csv(String raw, String t, ParseSink out) {
    CsvRow row = CsvRow.parse(t);
    if (row == null) {
      out.unparsed(raw, "bad CSV row");
      return;
    }
    udp = row.udp();
    emitter.infer(udp ? "udp" : "tcp");
    if (!row.id().equals("SUM")) {
      csvIds.add(row.id());
    }
    if (csvSide.single()) {
      csvPlace(row, csvSide.direction(), out);
    } else {
      csvRows.add(row);
    }
  }

  private void csvPlace(CsvRow row, String direction, ParseSink out) {
    boolean sum = row.id().equals("SUM");
    String stream = sum || csvIds.size() <= 1 ? null : ordinals.of(direction, row.id());
    Line line = new Line("csv:" + row.id(), labels("direction", direction, "stream", stream),
        row.bitsPerSecond(), row.bytes(), "", row);
    place(line, row.start(), out);
  }

  private void place(Line line, double start, ParseSink out) {
    String key = line.key();
    Line held = pending.remove(key);
    if (held != null) {
      emit(held, Phase.INTERVAL, out);
    }
    boolean first = seen.add(key);
    if (start > 0) {
      emit(line, Phase.INTERVAL, out);
    } else if (!first) {
      emit(line, Phase.FINAL, out);
    } else if (intervals == null) {
      pending.put(key, line);
    } else {
      emit(line, intervals ? Phase.INTERVAL : Phase.FINAL, out);
    }
  }

  private String sumDirection() {
    Set<String> all = new HashSet<>(directions.values());
    if (all.size() == 1) {
      return all.iterator().next();
    }
    return all.isEmpty() ? direction(false) : null;
  }

  private void emit(Line line, Phase phase, ParseSink out) {
    Map<String, String> l = line.labels();
    emitter.emit(out, "throughput_bytes_per_second", line.rate() / 8, IperfEmitter.BYTES_PER_SECOND, phase, l);
    emitter.emit(out, "transferred_bytes", line.bytes(), IperfEmitter.BYTES, phase, l);
    if (line.csv() != null) {
      emitCsvUdp(line.csv(), l.get("direction"), phase, l, out);
      return;
    }
    Matcher loss = UDP_LOSS.matcher(line.rest());
    Matcher retry = WRITES_RETRY.matcher(line.rest());
    if (loss.matches()) {
      emitter.udpLoss(out, loss.group(1), loss.group(2), loss.group(3), phase, l);
    } else if (!udp && !line.rest().endsWith("pps") && retry.matches()) {
      emitter.emit(out, "retransmits_total", IperfUnits.number(retry.group(1)).orElse(Double.NaN),
          IperfEmitter.COUNT, phase, l);
    }
  }

  /**
   * The UDP fields of a CSV row. A sending side (a client without {@code -R}) counts the
   * datagrams it sent, its jitter and loss fields are zeros: only {@code datagrams_total}. A
   * negative total (a 2.1 client's own summary) carries no datagram count at all.
   */
  private void emitCsvUdp(CsvRow row, String direction, Phase phase, Map<String, String> l,
      ParseSink out) {
    if (!row.udp() || row.total() < 0) {
      return;
    }
    if (!"sender".equals(direction)) {
      emitter.emit(out, "jitter_seconds", row.jitterMs() / 1000, IperfEmitter.SECONDS, phase, l);
      emitter.emit(out, "datagrams_lost_total", row.lost(), IperfEmitter.COUNT, phase, l);
    }
    emitter.emit(out, "datagrams_total", row.total(), IperfEmitter.COUNT, phase, l);
    if (!"sender".equals(direction) && row.total() > 0) {
      emitter.emit(out, "datagrams_lost_ratio", row.lost() / row.total(), IperfEmitter.RATIO,
          phase, l);
    }
  }

  private void replayCsv(ParseSink out) {
    // Without a command line, a UDP row with total -1 (a 2.1 client's own summary) shows that
    // every row is the sending client's; otherwise the side stays unknown.
    String direction = csvSide.direction() != null ? csvSide.direction()
        : csvRows.stream().anyMatch(r -> r.udp() && r.total() < 0) ? "sender" : null;
    if (!emitter.failed()) {
      csvRows.forEach(row -> csvPlace(row, direction, out));
    }
    csvRows.clear();
  }

  private void flushPending(ParseSink out) {
    for (Line line : pending.values()) {
      emit(line, Phase.FINAL, out);
    }
    pending.clear();
  }

  @Override
  public void end(ParseSink out) {
    replayCsv(out);
    flushPending(out);
  }
}
