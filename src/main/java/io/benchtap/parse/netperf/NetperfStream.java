package io.benchtap.parse.netperf;

import io.benchtap.parse.support.Decimals;
import io.benchtap.parse.support.SampleEmitter;
import io.benchtap.parse.support.ToolStream;
import static io.benchtap.parse.support.SampleEmitter.BYTES_PER_SECOND;
import static io.benchtap.parse.support.SampleEmitter.PER_SECOND;
import static io.benchtap.parse.support.SampleEmitter.RATIO;
import static io.benchtap.parse.support.SampleEmitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one netperf stream: the kind of test (stream, UDP stream, request/response),
 * the throughput unit from the header, the number of UDP rows read, and the omni output values
 * (emitted at the end of the stream, since a {@code THROUGHPUT} line comes before its {@code
 * THROUGHPUT_UNITS} line). Classic table rows are emitted as soon as they are read. Never throws.
 */
final class NetperfStream extends ToolStream {

  enum Kind { UNKNOWN, STREAM, UDP, RR }

  private static final Pattern BANNER = Pattern.compile(
      "(?:MIGRATED )?([A-Z][A-Za-z0-9/_ ]{1,40}) TEST from \\S+ \\(.*\\) port \\d+ AF_\\w+.*");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]*\\.?[0-9]+(?:[eE][+-]?\\d+)?");
  private static final Pattern HEADER_START =
      Pattern.compile("(Recv|Socket|Size|bytes|Send|Local|Remote)\\b.*");
  private static final Pattern STANDALONE_NUMBER = Pattern.compile("(^|\\s)[0-9.]+(\\s|$)");
  private static final Pattern UNIT_TOKEN =
      Pattern.compile("(10\\^\\dbits|[KMG]?Bytes)/s(?:ec)?");
  private static final Pattern INTERIM = Pattern.compile(
      "Interim result:\\s+(\\S+) (\\S+?)/s over (\\S+) seconds(?: ending at \\S+)?");
  private static final Pattern FAILURE = Pattern.compile(
      "(establish control: are you sure there is a netserver listening on .*"
          + "|establish_control could not establish the control connection.*"
          + "|.*Connection refused.*|.*data (send|recv) error: .*"
          + "|alloc_sendfile_buf_ring: specified file too small\\.)");
  private static final Pattern KNOWN = Pattern.compile(
      "Local /Remote|!!!.*|\\d+\\s+\\d+|file must be larger than send_width \\* send_size"
          // the -v 2 histogram (HIST_report() in src/netlib.c), around an RR result
          + "|Histogram of request/response times|[A-Z_]{6,14}\\s*:(\\s*\\d+\\s*:?){1,100}"
          + "|>100_SECS: \\d+|HIST_TOTAL:\\s+\\d+");

  private final SampleEmitter em;
  private final Omni omni;
  private final VerboseTables verbose = new VerboseTables();
  private Kind kind = Kind.UNKNOWN;
  /** Bits per printed throughput unit: from the header, else -f, else 10^6. */
  private double unitBits;
  private int udpRows;
  /**
   * The header-like lines since the last value line (raw, at most four), each with whether it was
   * unrecognised: they may be the header of an omni {@code -O} block, else they are reported.
   */
  private final java.util.ArrayDeque<String[]> recent = new java.util.ArrayDeque<>();

  NetperfStream(String test, String format, java.util.List<String> selectors) {
    this.em = new SampleEmitter(test, "unknown", true);
    this.unitBits = Units.bitsForFormat(format);
    this.omni = new Omni(em, selectors);
    if (test != null) {
      kind = kindOf(test.toUpperCase(Locale.ROOT).replace('_', ' '));
    }
  }

  @Override
  protected boolean ignoresRest() {
    return em.failed();
  }

  @Override
  protected void read(String t, String raw, ParseSink out) {
    if (t.length() > 2000) {
      out.unparsed(raw, "line too long");
      return;
    }
    Matcher m;
    if (FAILURE.matcher(t).matches()) {
      flush(out);
      em.fail(out, "netperf: " + t);
    } else if ((m = BANNER.matcher(t)).matches()) {
      flush(out);
      banner(m.group(1));
    } else if (verbose.owns(t)) {
      return;
    } else if ((m = INTERIM.matcher(t)).matches()) {
      interim(m, raw, out);
    } else if (omni.line(t, raw, out)) {
      flush(out);
    } else if (omniBlock(raw, out)) {
      recent.clear();
    } else if (isHeader(t)) {
      header(t);
      remember(raw, false, out);
    } else if (KNOWN.matcher(t).matches()) {
      return;
    } else if (row(t.split("\\s+"), raw, out)) {
      flush(out);
    } else {
      remember(raw, true, out);
    }
  }

  /** An omni -O value line under the last one to four header lines (the longest that fit). */
  private boolean omniBlock(String raw, ParseSink out) {
    if (recent.isEmpty() || !Character.isDigit(raw.charAt(0))) {
      return false;
    }
    java.util.List<String> lines = recent.stream().map(r -> r[0]).toList();
    for (int from = 0; from < lines.size(); from++) {
      if (omni.human(lines.subList(from, lines.size()), raw, out)) {
        java.util.Iterator<String[]> it = recent.iterator();
        for (int i = 0; i < from; i++) {
          report(it.next(), out);
        }
        return true;
      }
    }
    return false;
  }

  private void remember(String raw, boolean unrecognised, ParseSink out) {
    if (recent.size() == OmniColumns.MAX_HEADER_LINES) {
      report(recent.removeFirst(), out);
    }
    recent.addLast(new String[] {raw, unrecognised ? "u" : ""});
  }

  /** Reports the remembered lines that were not a header after all. */
  private void flush(ParseSink out) {
    while (!recent.isEmpty()) {
      report(recent.removeFirst(), out);
    }
  }

  private static void report(String[] line, ParseSink out) {
    if (!line[1].isEmpty()) {
      out.unparsed(line[0], "unrecognised line");
    }
  }

  private void banner(String what) {
    String name = what.trim().toUpperCase(Locale.ROOT);
    Kind k = kindOf(name);
    if (kind == Kind.UNKNOWN) {
      kind = k;
    }
    String bench = switch (name) {
      case "TCP STREAM" -> "tcp_stream";
      case "TCP MAERTS" -> "tcp_maerts";
      case "TCP SENDFILE" -> "tcp_sendfile";
      case "UDP STREAM", "UDP UNIDIRECTIONAL SEND" -> "udp_stream";
      case "TCP REQUEST/RESPONSE" -> "tcp_rr";
      case "UDP REQUEST/RESPONSE" -> "udp_rr";
      case "TCP CONNECT/REQUEST/RESPONSE" -> "tcp_crr";
      default -> name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    };
    em.infer(bench);
  }

  private static Kind kindOf(String name) {
    if (name.contains("REQUEST/RESPONSE") || name.endsWith(" RR") || name.endsWith(" CRR")
        || name.endsWith(" CC")) {
      return Kind.RR;
    }
    if (name.startsWith("UDP") && (name.contains("STREAM") || name.contains("SEND"))) {
      return Kind.UDP;
    }
    if (name.contains("STREAM") || name.contains("MAERTS") || name.contains("SENDFILE")) {
      return Kind.STREAM;
    }
    return Kind.UNKNOWN;
  }

  private boolean isHeader(String t) {
    return HEADER_START.matcher(t).matches() && !STANDALONE_NUMBER.matcher(t).find();
  }

  private void header(String t) {
    if (t.contains("Trans.") || t.contains("per sec")) {
      kind = Kind.RR;
    } else if (t.contains("Messages") || t.contains("Okay Errors")) {
      kind = Kind.UDP;
    } else if (kind == Kind.UNKNOWN && t.contains("Throughput")) {
      kind = Kind.STREAM;
    }
    Matcher m = UNIT_TOKEN.matcher(t);
    if (t.startsWith("bytes") && m.find()) {
      double bits = Units.bits(m.group());
      if (!Double.isNaN(bits)) {
        unitBits = bits;
      }
    }
  }

  private void interim(Matcher m, String raw, ParseSink out) {
    double bits = Units.bits(m.group(2));
    OptionalDouble v = Decimals.PRINTF.parse(m.group(1));
    if (Double.isNaN(bits) || v.isEmpty() || Decimals.PRINTF.parse(m.group(3)).isEmpty()) {
      out.unparsed(raw, "bad number");
    } else if (bits == Units.TRANSACTIONS) {
      em.emit(out, "transactions_per_second", v.getAsDouble(), PER_SECOND, Phase.INTERVAL);
    } else {
      em.emit(out, "throughput_bytes_per_second", throughput(m.group(1), bits), BYTES_PER_SECOND,
          Phase.INTERVAL);
    }
  }

  /**
   * A printed throughput in bytes/s: scaled exactly to bits for the powers of ten, then divided by
   * 8 (exact in binary floating point).
   */
  static double throughput(String text, double bitsPerUnit) {
    int exponent = (int) Math.round(Math.log10(bitsPerUnit));
    if (bitsPerUnit == Math.pow(10, exponent)) {
      return Decimals.PRINTF.scaled(text, exponent).orElse(Double.NaN) / 8;
    }
    return Decimals.PRINTF.parse(text).orElse(Double.NaN) * bitsPerUnit / 8;
  }

  /** A classic result row; false if the tokens are not one. */
  private boolean row(String[] f, String raw, ParseSink out) {
    for (String token : f) {
      if (!NUMBER.matcher(token).matches()) {
        return false;
      }
    }
    Kind k = kind == Kind.UNKNOWN && (f.length == 5 || f.length == 9) ? Kind.STREAM : kind;
    switch (k) {
      case STREAM -> {
        if (f.length != 5 && f.length != 9) {
          return false;
        }
        em.infer("tcp_stream");
        throughputValue(f[4], Map.of(), raw, out);
        cpu(f, 5, out);
      }
      case UDP -> {
        if (f.length < 4 || f.length > 8) {
          return false;
        }
        // sender row: socket and message size, time, messages okay and errors, throughput; the
        // receiver row: socket size, time, messages, throughput; with -c/-C each then has its
        // side's CPU % (sender: local, receiver: remote) and service demand
        boolean sender = udpRows++ == 0;
        int at = sender ? 5 : 3;
        throughputValue(f[at], Map.of("direction", sender ? "sender" : "receiver"), raw, out);
        if (f.length == at + 3) {
          cpuValue(f[at + 1], sender ? "local" : "remote", out);
        }
      }
      case RR -> {
        if (f.length != 6 && f.length != 10) {
          return false;
        }
        OptionalDouble rate = Decimals.PRINTF.parse(f[5]);
        if (rate.isEmpty()) {
          out.unparsed(raw, "bad number");
          return true;
        }
        transactions(rate.getAsDouble(), out, em);
        cpu(f, 6, out);
      }
      default -> {
        out.unparsed(raw, "ambiguous row");
        return true;
      }
    }
    return true;
  }

  private void throughputValue(String text, Map<String, String> labels, String raw,
      ParseSink out) {
    double v = Double.isNaN(unitBits) || unitBits == Units.TRANSACTIONS ? Double.NaN
        : throughput(text, unitBits);
    if (Double.isNaN(v)) {
      out.unparsed(raw, "bad number");
      return;
    }
    em.emit(out, "throughput_bytes_per_second", v, BYTES_PER_SECOND, Phase.FINAL, labels);
  }

  /** Local and remote CPU utilization columns, when present. */
  private void cpu(String[] f, int at, ParseSink out) {
    if (f.length >= at + 2) {
      cpuValue(f[at], "local", out);
      cpuValue(f[at + 1], "remote", out);
    }
  }

  /** A CPU % column; netperf prints -1.00 for the side not measured (-c without -C): skipped. */
  private void cpuValue(String text, String side, ParseSink out) {
    if (!text.startsWith("-") && Decimals.PRINTF.parse(text).isPresent()) {
      em.emit(out, "cpu_utilization_ratio", Decimals.PRINTF.scaled(text, -2).orElse(Double.NaN),
          RATIO, Phase.FINAL, Map.of("side", side));
    }
  }

  /** Transaction rate and the round-trip latency 1 / rate (for a rate above zero). */
  static void transactions(double rate, ParseSink out, SampleEmitter em) {
    em.emit(out, "transactions_per_second", rate, PER_SECOND, Phase.FINAL);
    if (rate > 0) {
      em.emit(out, "round_trip_latency_seconds", 1.0 / rate, SECONDS, Phase.FINAL);
    }
  }

  @Override
  public void end(ParseSink out) {
    flush(out);
    omni.end(out, unitBits);
  }
}
