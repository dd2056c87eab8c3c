package io.benchtap.parse.stream;

import io.benchtap.parse.support.Decimals;
import io.benchtap.parse.support.SampleEmitter;
import static io.benchtap.parse.support.SampleEmitter.BYTES_PER_SECOND;
import static io.benchtap.parse.support.SampleEmitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.ToolStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser state for one STREAM stream: the unit of the current table (from its header) and the
 * HPCC section being read. Every value is emitted as soon as its line is read. Never throws.
 */
final class StreamState extends ToolStream {

  private static final String N = "(\\S+)";
  private static final Pattern HEADER = Pattern.compile(
      "Function\\s+(?:Best Rate ([MG])B/s|Rate \\(([MG])B/s\\))\\s+Avg time\\s+Min time\\s+Max time");
  private static final Pattern ROW = Pattern.compile(
      "(Copy|Scale|Add|Triad):\\s+" + N + "\\s+" + N + "\\s+" + N + "\\s+" + N);
  private static final Pattern LMBENCH = Pattern.compile(
      "STREAM(2?) (copy|scale|add|triad|fill|daxpy|sum) (latency|bandwidth): " + N
          + " (nanoseconds|MB/sec)");
  private static final Pattern FAILED = Pattern.compile("Failed Validation on array .*");
  private static final Pattern SECTION = Pattern.compile("(Begin|End) of (\\w+) section\\.");
  private static final Pattern HPCC =
      Pattern.compile("This is the DARPA/DOE HPC Challenge Benchmark version .*");

  private final SampleEmitter em;
  /** Decimal exponent of the current table's rate unit (6 for MB/s, 9 for GB/s), 0 before one. */
  private int exponent;
  /** True once the output is known to be an hpccoutf.txt. */
  private boolean hpcc;
  /** The HPCC section being read ("" between sections). */
  private String section = "";

  StreamState(String benchmark) {
    this.em = new SampleEmitter(benchmark, "unknown", true);
  }

  @Override
  protected void read(String t, String raw, ParseSink out) {
    Matcher m = SECTION.matcher(t);
    if (m.matches() || HPCC.matcher(t).matches()) {
      hpcc = true;
      section = m.matches() && m.group(1).equals("Begin") ? m.group(2) : "";
      exponent = 0;
      return;
    }
    if (hpcc && !section.equals("StarSTREAM") && !section.equals("SingleSTREAM")) {
      return; // HPL, FFT, RandomAccess, summary...: not STREAM
    }
    if ((m = HEADER.matcher(t)).matches()) {
      String prefix = m.group(1) != null ? m.group(1) : m.group(2);
      exponent = prefix.equals("G") ? 9 : 6;
    } else if ((m = ROW.matcher(t)).matches()) {
      row(m, raw, out);
    } else if ((m = LMBENCH.matcher(t)).matches()) {
      lmbench(m, raw, out);
    } else if (FAILED.matcher(t).matches()) {
      em.fail(out, "STREAM " + t);
    } else if (!hpcc && KnownLines.classify(t) == null) {
      out.unparsed(raw, "unrecognised line");
    }
  }

  private void row(Matcher m, String raw, ParseSink out) {
    if (exponent == 0) {
      out.unparsed(raw, "no unit header");
      return;
    }
    OptionalDouble rate = Decimals.PRINTF.scaled(m.group(2), exponent);
    OptionalDouble avg = Decimals.PRINTF.parse(m.group(3));
    OptionalDouble min = Decimals.PRINTF.parse(m.group(4));
    OptionalDouble max = Decimals.PRINTF.parse(m.group(5));
    if (rate.isEmpty() || avg.isEmpty() || min.isEmpty() || max.isEmpty()) {
      out.unparsed(raw, "bad number");
      return;
    }
    em.infer("stream");
    String op = m.group(1).toLowerCase(Locale.ROOT);
    Map<String, String> labels = labels("op", op);
    em.emit(out, "memory_bandwidth_bytes_per_second", rate.getAsDouble(), BYTES_PER_SECOND,
        Phase.FINAL, labels);
    List<String> stats = List.of("avg", "min", "max");
    double[] values = {avg.getAsDouble(), min.getAsDouble(), max.getAsDouble()};
    for (int i = 0; i < 3; i++) {
      Map<String, String> l = labels("op", op);
      l.put("stat", stats.get(i));
      em.emit(out, "stream_time_seconds", values[i], SECONDS, Phase.FINAL, l);
    }
  }

  private Map<String, String> labels(String key, String value) {
    Map<String, String> labels = new HashMap<>();
    labels.put(key, value);
    if (hpcc) {
      labels.put("mode", section.equals("StarSTREAM") ? "star" : "single");
    }
    return labels;
  }

  private void lmbench(Matcher m, String raw, ParseSink out) {
    boolean latency = m.group(3).equals("latency");
    if (latency != m.group(5).equals("nanoseconds")) {
      out.unparsed(raw, "unrecognised line");
      return;
    }
    OptionalDouble v = Decimals.PRINTF.scaled(m.group(4), latency ? -9 : 6);
    if (v.isEmpty()) {
      out.unparsed(raw, "bad number");
      return;
    }
    String bench = em.fixed() ? em.benchmark() : m.group(1).isEmpty() ? "stream" : "stream2";
    em.emit(out, bench, latency ? "stream_latency_seconds" : "memory_bandwidth_bytes_per_second",
        v.getAsDouble(), latency ? SECONDS : BYTES_PER_SECOND, Phase.FINAL,
        Map.of("op", m.group(2)));
  }

  @Override
  public void end(ParseSink out) {
    // every value is emitted as soon as its line is read: nothing is buffered
  }

  @Override
  protected boolean ignoresRest() {
    return em.failed(); // nothing is read after the run failed
  }
}
