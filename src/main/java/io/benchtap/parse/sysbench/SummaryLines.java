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
    if ((m = LATENCY_HEADER.matcher(t)).matches()) {
      latencyScale = Units.duration("1" + m.group(1), Double.NaN).orElse(Double.NaN);
      return true;
    }
    if ((m = EPS.matcher(t)).matches() || (m = EPS_11.matcher(t)).matches()) {
      return one(m.group(1), raw, em, out, "events_per_second", PER_SECOND);
    }
    if ((m = EVENTS.matcher(t)).matches()) {
      return one(m.group(1), raw, em, out, "events_total", COUNT);
    }
    if ((m = TIME.matcher(t)).matches()) {
      return value(Units.duration(m.group(1), 1.0), raw, out,
          v -> em.emit(out, "total_time_seconds", v, SECONDS, Phase.FINAL));
    }
    if ((m = EXEC_SUM.matcher(t)).matches()) {
      return latency(Units.duration(m.group(1), 1.0), "sum", raw, em, out);
    }
    if ((m = STAT.matcher(t)).matches()) {
      return latency(Units.duration(m.group(2), latencyScale), m.group(1), raw, em, out);
    }
    if ((m = PCT.matcher(t)).matches()) {
      String p = Units.percentileLabel(m.group(1) != null ? m.group(1) : m.group(2));
      if (p == null) {
        out.unparsed(raw, "bad percentile");
        return true;
      }
      return latency(Units.duration(m.group(3), latencyScale), p, raw, em, out);
    }
    if ((m = FAIR_EVENTS.matcher(t)).matches()) {
      return pair(m, raw, em, out, "thread_events", COUNT);
    }
    if ((m = FAIR_TIME.matcher(t)).matches()) {
      boolean ok = pair(m, raw, em, out, "thread_execution_time_seconds", SECONDS);
      em.checkpoint(false); // the last line of a summary block, checkpoint report or not
      return ok;
    }
    if ((m = MEM_OPS.matcher(t)).matches()) {
      em.infer("memory");
      return both(Units.number(m.group(1)), Units.number(m.group(2)), raw, out,
          (ops, rate) -> em.emit(out, "events_per_second", rate, PER_SECOND, Phase.FINAL));
    }
    if ((m = MEM_TRANSFER.matcher(t)).matches()) {
      em.infer("memory");
      double total = Units.megabyte(m.group(2));
      double rate = Units.megabyte(m.group(4));
      return both(Units.number(m.group(1)), Units.number(m.group(3)), raw, out, (mb, mbps) -> {
        em.emit(out, "memory_transferred_bytes", mb * total, BYTES, Phase.FINAL);
        em.emit(out, "memory_throughput_bytes_per_second", mbps * rate, BYTES_PER_SECOND,
            Phase.FINAL);
      });
    }
    if ((m = FILE_OPS.matcher(t)).matches()) {
      em.infer("fileio");
      String op = switch (m.group(1)) {
        case "reads" -> "read";
        case "writes" -> "write";
        default -> "fsync";
      };
      return value(Units.number(m.group(2)), raw, out, v -> em.emit(out,
          "file_operations_per_second", v, PER_SECOND, Phase.FINAL, Map.of("op", op)));
    }
    if ((m = FILE_TP.matcher(t)).matches()) {
      em.infer("fileio");
      String op = m.group(1).equals("read") ? "read" : "write";
      double scale = Units.megabyte(m.group(2));
      return value(Units.number(m.group(3)), raw, out, v -> em.emit(out,
          "file_throughput_bytes_per_second", v * scale, BYTES_PER_SECOND, Phase.FINAL,
          Map.of("op", op)));
    }
    if ((m = FILE_04.matcher(t)).matches()) {
      em.infer("fileio");
      return value(Units.size(m.group(4)), raw, out, v -> em.emit(out,
          "file_throughput_bytes_per_second", v, BYTES_PER_SECOND, Phase.FINAL,
          Map.of("op", "total")));
    }
    if ((m = REQUESTS_04.matcher(t)).matches()) {
      em.infer("fileio");
      return one(m.group(1), raw, em, out, "events_per_second", PER_SECOND);
    }
    if ((m = TPS.matcher(t)).matches()) {
      em.infer("oltp");
      String metric = m.group(1).equals("transactions")
          ? "transactions_per_second" : "queries_per_second";
      return both(Units.number(m.group(2)), Units.number(m.group(3)), raw, out,
          (n, rate) -> em.emit(out, metric, rate, PER_SECOND, Phase.FINAL));
    }
    return false;
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
