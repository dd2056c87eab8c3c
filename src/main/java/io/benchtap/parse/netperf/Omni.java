package io.benchtap.parse.netperf;

import io.benchtap.parse.support.Decimals;
import io.benchtap.parse.support.SampleEmitter;
import static io.benchtap.parse.support.SampleEmitter.BYTES_PER_SECOND;
import static io.benchtap.parse.support.SampleEmitter.RATIO;
import static io.benchtap.parse.support.SampleEmitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The omni output selectors: {@code -k} ({@code THROUGHPUT=59092.65} lines) and {@code -o} (a
 * line of column names such as {@code Throughput,Throughput Units}, then a line of values). The
 * values are collected (at most {@value #MAX_KEYS}) and emitted, all final, at the end of the
 * stream, when the {@code THROUGHPUT_UNITS} that follows {@code THROUGHPUT} is known.
 */
final class Omni {

  static final int MAX_KEYS = 400;

  private static final Pattern KEYVAL = Pattern.compile("([A-Z][A-Z0-9_]{1,40})=(.*)");
  /** -o column names (lower case) to -k keys. */
  private static final Map<String, String> COLUMNS = Map.ofEntries(
      Map.entry("throughput", "THROUGHPUT"),
      Map.entry("throughput units", "THROUGHPUT_UNITS"),
      Map.entry("transaction rate tran/s", "TRANSACTION_RATE"),
      Map.entry("local cpu util %", "LOCAL_CPU_UTIL"),
      Map.entry("remote cpu util %", "REMOTE_CPU_UTIL"),
      Map.entry("minimum latency microseconds", "MIN_LATENCY"),
      Map.entry("mean latency microseconds", "MEAN_LATENCY"),
      Map.entry("maximum latency microseconds", "MAX_LATENCY"),
      Map.entry("50th percentile latency microseconds", "P50_LATENCY"),
      Map.entry("90th percentile latency microseconds", "P90_LATENCY"),
      Map.entry("99th percentile latency microseconds", "P99_LATENCY"),
      Map.entry("round trip latency usec/tran", "RT_LATENCY"));
  private static final List<String[]> LATENCIES = List.of(
      new String[] {"MIN_LATENCY", "min"}, new String[] {"MEAN_LATENCY", "mean"},
      new String[] {"MAX_LATENCY", "max"}, new String[] {"P50_LATENCY", "p50"},
      new String[] {"P90_LATENCY", "p90"}, new String[] {"P99_LATENCY", "p99"});

  private static final Pattern SELECTOR = Pattern.compile("[A-Z][A-Z0-9_]{1,40}");

  private final SampleEmitter em;
  /** The -o selectors of the command line (upper case), or null: names a bare value line. */
  private final List<String> selectors;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> raws = new LinkedHashMap<>();
  private List<String> columns;

  Omni(SampleEmitter em, List<String> selectors) {
    this.em = em;
    this.selectors = selectors;
  }

  /** Handles a {@code -k} or {@code -o} line; false if the line is neither. */
  boolean line(String t, String raw, ParseSink out) {
    java.util.regex.Matcher m = KEYVAL.matcher(t);
    if (m.matches()) {
      put(m.group(1), m.group(2).strip(), raw, out);
      return true;
    }
    if (!t.contains(",")) {
      return false;
    }
    String[] fields = t.split(",", -1);
    if (columns == null) {
      List<String> names = java.util.Arrays.stream(fields)
          .map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
      if (names.stream().anyMatch(COLUMNS::containsKey)) {
        columns = names;
        return true;
      }
      return bare(fields, raw, out);
    }
    if (fields.length != columns.size()) {
      return false;
    }
    for (int i = 0; i < fields.length; i++) {
      String key = COLUMNS.get(columns.get(i));
      if (key != null) {
        put(key, fields[i].strip(), raw, out);
      }
    }
    columns = null;
    return true;
  }

  /**
   * A value line without its header ({@code -P 0} prints no CSV header): named by the command
   * line's {@code -o} selectors when their number matches, else read as {@code THROUGHPUT,
   * THROUGHPUT_UNITS,...} when its second field is a netperf unit ({@code 1359.71,Trans/s,...}).
   */
  private boolean bare(String[] fields, String raw, ParseSink out) {
    if (Decimals.PRINTF.parse(fields[0].strip()).isEmpty()) {
      return false;
    }
    if (selectors != null && selectors.size() == fields.length) {
      for (int i = 0; i < fields.length; i++) {
        put(selectors.get(i), fields[i].strip(), raw, out);
      }
      return true;
    }
    if (fields.length >= 2 && !Double.isNaN(Units.bits(fields[1].strip()))) {
      put("THROUGHPUT", fields[0].strip(), raw, out);
      put("THROUGHPUT_UNITS", fields[1].strip(), raw, out);
      return true;
    }
    return false;
  }

  /**
   * Reads an {@code -O} block: the header lines (raw, top first) and the value line; true when
   * at least one column is one this parser knows.
   */
  boolean human(List<String> headers, String raw, ParseSink out) {
    List<OmniColumns.Column> cols = OmniColumns.read(headers, raw);
    if (cols.stream().noneMatch(c -> COLUMNS.containsKey(c.name()))) {
      return false;
    }
    for (OmniColumns.Column c : cols) {
      String key = COLUMNS.get(c.name());
      if (key != null) {
        put(key, c.value(), raw, out);
      }
    }
    return true;
  }

  /** The upper-case selector list of an {@code -o} value ({@code min_latency,throughput}), or null. */
  static List<String> selectors(String value) {
    if (value == null) {
      return null;
    }
    List<String> names = java.util.Arrays.stream(value.split(",", -1))
        .map(n -> n.strip().toUpperCase(Locale.ROOT)).toList();
    return names.stream().allMatch(n -> SELECTOR.matcher(n).matches()) ? names : null;
  }

  private void put(String key, String value, String raw, ParseSink out) {
    if (values.size() >= MAX_KEYS && !values.containsKey(key)) {
      out.unparsed(raw, "too many omni values");
      return;
    }
    values.putIfAbsent(key, value);
    raws.putIfAbsent(key, raw);
  }

  /** Emits the collected values. */
  void end(ParseSink out, double defaultUnitBits) {
    if (values.isEmpty() || em.failed()) {
      return;
    }
    String units = values.get("THROUGHPUT_UNITS");
    double bits = units == null ? defaultUnitBits : Units.bits(units);
    if (values.containsKey("THROUGHPUT")) {
      if (bits == Units.TRANSACTIONS) {
        number("THROUGHPUT", out).ifPresent(v -> NetperfStream.transactions(v, out, em));
      } else if (Double.isNaN(bits)) {
        out.unparsed(raws.get("THROUGHPUT_UNITS"), "unknown unit");
      } else if (number("THROUGHPUT", out).isPresent()) {
        em.emit(out, "throughput_bytes_per_second",
            NetperfStream.throughput(values.get("THROUGHPUT"), bits), BYTES_PER_SECOND,
            Phase.FINAL);
      }
    }
    number("TRANSACTION_RATE", out).ifPresent(v -> NetperfStream.transactions(v, out, em));
    cpu("LOCAL_CPU_UTIL", "local", out);
    cpu("REMOTE_CPU_UTIL", "remote", out);
    for (String[] l : LATENCIES) {
      if (values.containsKey(l[0]) && number(l[0], out).isPresent()) {
        em.emit(out, "latency_seconds", Decimals.PRINTF.scaled(values.get(l[0]), -6).getAsDouble(), SECONDS,
            Phase.FINAL, Map.of("stat", l[1]));
      }
    }
    if (values.containsKey("RT_LATENCY") && number("RT_LATENCY", out).isPresent()) {
      em.emit(out, "round_trip_latency_seconds", Decimals.PRINTF.scaled(values.get("RT_LATENCY"), -6)
          .getAsDouble(), SECONDS, Phase.FINAL);
    }
  }

  private void cpu(String key, String side, ParseSink out) {
    String v = values.get(key);
    // netperf prints -1 when the utilization was not measured
    if (v != null && !v.startsWith("-") && number(key, out).isPresent()) {
      em.emit(out, "cpu_utilization_ratio", Decimals.PRINTF.scaled(v, -2).getAsDouble(), RATIO, Phase.FINAL,
          Map.of("side", side));
    }
  }

  private OptionalDouble number(String key, ParseSink out) {
    String v = values.get(key);
    if (v == null) {
      return OptionalDouble.empty();
    }
    OptionalDouble d = Decimals.PRINTF.parse(v);
    if (d.isEmpty()) {
      out.unparsed(raws.get(key), "bad number");
    }
    return d;
  }
}
