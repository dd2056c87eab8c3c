package io.benchtap.parse.sysbench;

import static io.benchtap.parse.sysbench.Emitter.BYTES;
import static io.benchtap.parse.sysbench.Emitter.BYTES_PER_SECOND;
import static io.benchtap.parse.sysbench.Emitter.COUNT;
import static io.benchtap.parse.sysbench.Emitter.PER_SECOND;
import static io.benchtap.parse.sysbench.Emitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-of-run summary of sysbench 0.4, 0.5, 1.0 and 1.1. Each summary line is emitted as soon
 * as it is complete, in phase {@link Phase#FINAL}. The only state is the unit of bare latency
 * values, set by the {@code Latency (ms):} header (0.4/0.5 print the unit with every value).
 */
final class SummaryLines {

  private static final String V = "([^\\s,()/]+)";

  private static final Pattern LATENCY_HEADER = Pattern.compile("Latency \\((ms|us|s)\\):");
  private static final Pattern EPS = Pattern.compile("events per second:\\s+" + V);
  private static final Pattern EPS_11 = Pattern.compile("events/s \\(eps\\):\\s+" + V);
  private static final Pattern EVENTS = Pattern.compile("total number of events:\\s+" + V);
  private static final Pattern TIME = Pattern.compile("(?:total time|time elapsed):\\s+" + V);
  private static final Pattern EXEC_SUM =
      Pattern.compile("total time taken by event execution:\\s+" + V);
  private static final Pattern STAT = Pattern.compile("(min|avg|max|sum):\\s+" + V);
  private static final Pattern PCT =
      Pattern.compile("(?:(\\d+)th percentile|approx\\.\\s+(\\d+) percentile):\\s+" + V);
  private static final Pattern FAIR_EVENTS =
      Pattern.compile("events \\(avg/stddev\\):\\s+" + V + "/" + V);
  private static final Pattern FAIR_TIME =
      Pattern.compile("execution time \\(avg/stddev\\):\\s+" + V + "/" + V);
  private static final Pattern MEM_OPS = Pattern.compile(
      "(?:Total operations|Operations performed):\\s+" + V + "\\s+\\(\\s*" + V
          + " (?:per second|ops/sec)\\)");
  private static final Pattern MEM_TRANSFER = Pattern.compile(
      V + " (MiB|MB) transferred \\(\\s*" + V + " (MiB|MB)/sec\\)");
  private static final Pattern FILE_OPS = Pattern.compile("(reads|writes|fsyncs)/s:\\s+" + V);
  private static final Pattern FILE_TP = Pattern.compile("(read|written), (MiB|MB)/s:\\s+" + V);
  private static final Pattern FILE_04 = Pattern.compile(
      "Read " + V + "b\\s+Written " + V + "b\\s+Total transferred " + V + "b\\s+\\(" + V
          + "b/sec\\)");
  private static final Pattern REQUESTS_04 = Pattern.compile(V + " Requests/sec executed");
  private static final Pattern TPS = Pattern.compile(
      "(transactions|queries):\\s+" + V + "\\s+\\(\\s*" + V + " per sec\\.\\)");

  /** Seconds per printed unit for latency values without a suffix; NaN before a header. */
  private double latencyScale = Double.NaN;

  /**
   * Handles one trimmed summary line.
   *
   * @return false if the line is not a summary line
   */
  boolean handle(String t, String raw, Emitter em, ParseSink out) {
    Matcher m;
    if ((m = match(LATENCY_HEADER, t, t.startsWith("Latency ("))) != null) {
      latencyScale = Units.duration("1" + m.group(1), Double.NaN).orElse(Double.NaN);
      return true;
    }
    if ((m = match(EPS, t, t.startsWith("events per second:"))) != null
        || (m = match(EPS_11, t, t.startsWith("events/s (eps):"))) != null) {
      return one(m.group(1), raw, em, out, "events_per_second", PER_SECOND);
    }
    if ((m = match(EVENTS, t, t.startsWith("total number of events:"))) != null) {
      return one(m.group(1), raw, em, out, "events_total", COUNT);
    }
    if ((m = match(TIME, t, t.startsWith("total time:") || t.startsWith("time elapsed:"))) != null) {
      return value(Units.duration(m.group(1), 1.0), raw, out,
          v -> em.emit(out, "total_time_seconds", v, SECONDS, Phase.FINAL));
    }
    if ((m = match(EXEC_SUM, t, t.startsWith("total time taken by event execution:"))) != null) {
      return latency(Units.duration(m.group(1), 1.0), "sum", raw, em, out);
    }
    if ((m = match(STAT, t, t.length() > 4 && t.charAt(3) == ':')) != null) {
      return latency(Units.duration(m.group(2), latencyScale), m.group(1), raw, em, out);
    }
    if ((m = match(PCT, t, t.contains("percentile:"))) != null) {
      String p = Units.percentileLabel(m.group(1) != null ? m.group(1) : m.group(2));
      if (p == null) {
        out.unparsed(raw, "bad percentile");
        return true;
      }
      return latency(Units.duration(m.group(3), latencyScale), p, raw, em, out);
    }
    if ((m = match(FAIR_EVENTS, t, t.startsWith("events (avg/stddev):"))) != null) {
      return pair(m, raw, em, out, "thread_events", COUNT);
    }
    if ((m = match(FAIR_TIME, t, t.startsWith("execution time (avg/stddev):"))) != null) {
      boolean ok = pair(m, raw, em, out, "thread_execution_time_seconds", SECONDS);
      em.checkpoint(false); // the last line of a summary block, checkpoint report or not
      return ok;
    }
    if ((m = match(MEM_OPS, t, t.startsWith("Total operations:") || t.startsWith("Operations performed:"))) != null) {
      em.infer("memory");
      return both(Units.number(m.group(1)), Units.number(m.group(2)), raw, out,
          (ops, rate) -> em.emit(out, "events_per_second", rate, PER_SECOND, Phase.FINAL));
    }
    if ((m = match(MEM_TRANSFER, t, t.contains(" transferred ("))) != null) {
      em.infer("memory");
      double total = Units.megabyte(m.group(2));
      double rate = Units.megabyte(m.group(4));
      return both(Units.number(m.group(1)), Units.number(m.group(3)), raw, out, (mb, mbps) -> {
        em.emit(out, "memory_transferred_bytes", mb * total, BYTES, Phase.FINAL);
        em.emit(out, "memory_throughput_bytes_per_second", mbps * rate, BYTES_PER_SECOND,
            Phase.FINAL);
      });
    }
    if ((m = match(FILE_OPS, t, t.contains("s/s:"))) != null) {
      em.infer("fileio");
      String op = switch (m.group(1)) {
        case "reads" -> "read";
        case "writes" -> "write";
        default -> "fsync";
      };
      return value(Units.number(m.group(2)), raw, out, v -> em.emit(out,
          "file_operations_per_second", v, PER_SECOND, Phase.FINAL, Map.of("op", op)));
    }
    if ((m = match(FILE_TP, t, t.startsWith("read, ") || t.startsWith("written, "))) != null) {
      em.infer("fileio");
      String op = m.group(1).equals("read") ? "read" : "write";
      double scale = Units.megabyte(m.group(2));
      return value(Units.number(m.group(3)), raw, out, v -> em.emit(out,
          "file_throughput_bytes_per_second", v * scale, BYTES_PER_SECOND, Phase.FINAL,
          Map.of("op", op)));
    }
    if ((m = match(FILE_04, t, t.startsWith("Read "))) != null) {
      em.infer("fileio");
      return value(Units.size(m.group(4)), raw, out, v -> em.emit(out,
          "file_throughput_bytes_per_second", v, BYTES_PER_SECOND, Phase.FINAL,
          Map.of("op", "total")));
    }
    if ((m = match(REQUESTS_04, t, t.endsWith(" Requests/sec executed"))) != null) {
      em.infer("fileio");
      return one(m.group(1), raw, em, out, "events_per_second", PER_SECOND);
    }
    if ((m = match(TPS, t, t.startsWith("transactions:") || t.startsWith("queries:"))) != null) {
      em.infer("oltp");
      String metric = m.group(1).equals("transactions")
          ? "transactions_per_second" : "queries_per_second";
      return both(Units.number(m.group(2)), Units.number(m.group(3)), raw, out,
          (n, rate) -> em.emit(out, metric, rate, PER_SECOND, Phase.FINAL));
    }
    return false;
  }

  /**
   * The pattern's match of the whole line, or null; tried only when {@code plausible}, a cheap
   * necessary condition (the pattern's literal start or a literal it must contain), so that a line
   * costs one or two regex matches instead of up to seventeen.
   */
  private static Matcher match(Pattern p, String t, boolean plausible) {
    if (!plausible) {
      return null;
    }
    Matcher m = p.matcher(t);
    return m.matches() ? m : null;
  }

  private boolean latency(OptionalDouble v, String stat, String raw, Emitter em, ParseSink out) {
    if (v.isEmpty() && Double.isNaN(latencyScale) && !raw.isBlank()) {
      out.unparsed(raw, "latency without unit");
      return true;
    }
    return value(v, raw, out, s -> em.emit(out, "latency_seconds", s, SECONDS, Phase.FINAL,
        Map.of("stat", stat)));
  }

  private static boolean one(String text, String raw, Emitter em, ParseSink out, String metric,
      String unit) {
    return value(Units.number(text), raw, out, v -> em.emit(out, metric, v, unit, Phase.FINAL));
  }

  private static boolean pair(Matcher m, String raw, Emitter em, ParseSink out, String metric,
      String unit) {
    return both(Units.number(m.group(1)), Units.number(m.group(2)), raw, out, (avg, sd) -> {
      em.emit(out, metric, avg, unit, Phase.FINAL, Map.of("stat", "avg"));
      em.emit(out, metric, sd, unit, Phase.FINAL, Map.of("stat", "stddev"));
    });
  }

  static boolean value(OptionalDouble v, String raw, ParseSink out,
      java.util.function.DoubleConsumer then) {
    if (v.isEmpty()) {
      out.unparsed(raw, "bad number");
    } else {
      then.accept(v.getAsDouble());
    }
    return true;
  }

  interface DoublePair {
    void accept(double a, double b);
  }

  static boolean both(OptionalDouble a, OptionalDouble b, String raw, ParseSink out,
      DoublePair then) {
    if (a.isEmpty() || b.isEmpty()) {
      out.unparsed(raw, "bad number");
    } else {
      then.accept(a.getAsDouble(), b.getAsDouble());
    }
    return true;
  }
}
