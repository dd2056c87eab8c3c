package io.benchtap.parse.sysbench;

import static io.benchtap.parse.sysbench.Emitter.BYTES_PER_SECOND;
import static io.benchtap.parse.sysbench.Emitter.PER_SECOND;
import static io.benchtap.parse.sysbench.Emitter.SECONDS;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live lines printed with {@code --report-interval}, emitted in phase {@link Phase#INTERVAL}:
 *
 * <pre>
 * 1.0 cpu/threads/mutex  [ 1s ] thds: 2 eps: 6788.04 lat (ms,95%): 0.34
 * 1.0 lua/oltp           [ 1s ] thds: 8 tps: 1864.36 qps: 37389.04 (r/w/o: a/b/c) lat (ms,95%): 5.99 err/s: 0.00 reconn/s: 0.00
 * 1.0 fileio             [ 1s ] reads: 261.64 MiB/s writes: 174.43 MiB/s fsyncs: 1112.36/s latency (ms,95%): 0.014
 * 1.0/0.4 memory         [ 1s ] 12766.31 MiB/sec          (0.4 and early 1.0: "MB/sec," / "MiB/sec,")
 * 0.5 oltp               [   5s] threads: 64, tps: 7897.77, reads/s: 110681.95, writes/s: 0.00 response time: 12.65ms (99%)
 * </pre>
 *
 * A percentile of 0 ({@code --percentile=0}, statistics disabled) yields no latency sample.
 */
final class IntervalLines {

  private static final String V = "([^\\s,()/]+)";

  static final Pattern PREFIX = Pattern.compile("\\[\\s*\\d+(?:\\.\\d+)?s\\s*\\]\\s*(.*)");

  private static final Pattern EPS = Pattern.compile(
      "thds: \\d+ eps: " + V + " lat \\(ms,(\\d+)%\\): " + V);
  private static final Pattern OLTP = Pattern.compile(
      "thds: \\d+ tps: " + V + "(?: qps: " + V + " \\(r/w/o: [^)]*\\))? lat \\(ms,(\\d+)%\\): " + V
          + "(?: err/s:? \\S+)?(?: reconn/s:? \\S+)?");
  private static final Pattern FILEIO = Pattern.compile(
      "reads: " + V + " MiB/s writes: " + V + " MiB/s fsyncs: " + V
          + "/s latency \\(ms,(\\d+)%\\): " + V);
  private static final Pattern MEMORY = Pattern.compile(V + " (MiB|MB)/sec,?");
  private static final Pattern OLTP_05 = Pattern.compile(
      "threads: \\d+, tps: " + V + ", reads(?:/s)?: " + V + ", writes(?:/s)?: " + V
          + ",? response time: " + V + " \\((\\d+)%\\)(?:, errors: \\S+, reconnects:\\s+\\S+)?");
  private static final Pattern CHECKPOINT = Pattern.compile("Checkpoint report:");

  private IntervalLines() {}

  /**
   * Handles the part of an interval line after the {@code [ Ns ]} time stamp.
   *
   * @return false if the format is not known
   */
  static boolean handle(String body, String raw, Emitter em, ParseSink out) {
    Matcher m;
    if ((m = EPS.matcher(body)).matches()) {
      OptionalDouble eps = Units.number(m.group(1));
      OptionalDouble lat = Units.duration(m.group(3), 1e-3);
      String pct = m.group(2);
      return SummaryLines.both(eps, lat, raw, out, (e, l) -> {
        em.emit(out, "events_per_second", e, PER_SECOND, Phase.INTERVAL);
        latency(em, out, pct, l);
      });
    }
    if ((m = OLTP.matcher(body)).matches()) {
      em.infer("oltp");
      OptionalDouble tps = Units.number(m.group(1));
      boolean hasQps = m.group(2) != null;
      OptionalDouble qps = hasQps ? Units.number(m.group(2)) : OptionalDouble.of(0);
      OptionalDouble lat = Units.duration(m.group(4), 1e-3);
      String pct = m.group(3);
      if (tps.isEmpty() || qps.isEmpty() || lat.isEmpty()) {
        out.unparsed(raw, "bad number");
        return true;
      }
      em.emit(out, "transactions_per_second", tps.getAsDouble(), PER_SECOND, Phase.INTERVAL);
      if (hasQps) {
        em.emit(out, "queries_per_second", qps.getAsDouble(), PER_SECOND, Phase.INTERVAL);
      }
      latency(em, out, pct, lat.getAsDouble());
      return true;
    }
    if ((m = FILEIO.matcher(body)).matches()) {
      em.infer("fileio");
      OptionalDouble r = Units.number(m.group(1));
      OptionalDouble w = Units.number(m.group(2));
      OptionalDouble f = Units.number(m.group(3));
      OptionalDouble lat = Units.duration(m.group(5), 1e-3);
      String pct = m.group(4);
      if (r.isEmpty() || w.isEmpty() || f.isEmpty() || lat.isEmpty()) {
        out.unparsed(raw, "bad number");
        return true;
      }
      em.emit(out, "file_throughput_bytes_per_second", r.getAsDouble() * Units.MIB,
          BYTES_PER_SECOND, Phase.INTERVAL, Map.of("op", "read"));
      em.emit(out, "file_throughput_bytes_per_second", w.getAsDouble() * Units.MIB,
          BYTES_PER_SECOND, Phase.INTERVAL, Map.of("op", "write"));
      em.emit(out, "file_operations_per_second", f.getAsDouble(), PER_SECOND, Phase.INTERVAL,
          Map.of("op", "fsync"));
      latency(em, out, pct, lat.getAsDouble());
      return true;
    }
    if ((m = MEMORY.matcher(body)).matches()) {
      em.infer("memory");
      double scale = Units.megabyte(m.group(2));
      return SummaryLines.value(Units.number(m.group(1)), raw, out, v -> em.emit(out,
          "memory_throughput_bytes_per_second", v * scale, BYTES_PER_SECOND, Phase.INTERVAL));
    }
    if ((m = OLTP_05.matcher(body)).matches()) {
      em.infer("oltp");
      OptionalDouble tps = Units.number(m.group(1));
      OptionalDouble lat = Units.duration(m.group(4), Double.NaN);
      String pct = m.group(5);
      return SummaryLines.both(tps, lat, raw, out, (t, l) -> {
        em.emit(out, "transactions_per_second", t, PER_SECOND, Phase.INTERVAL);
        latency(em, out, pct, l);
      });
    }
    if (CHECKPOINT.matcher(body).matches()) {
      em.checkpoint(true);
      return true;
    }
    return false;
  }

  private static void latency(Emitter em, ParseSink out, String percentile, double seconds) {
    String label = Units.percentileLabel(percentile);
    if (label != null) {
      em.emit(out, "latency_seconds", seconds, SECONDS, Phase.INTERVAL, Map.of("stat", label));
    }
  }
}
