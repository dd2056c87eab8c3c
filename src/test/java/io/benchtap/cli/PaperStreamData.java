package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.agent.campaign.RunIdentity;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.ToolParser;
import io.benchtap.sink.LineProtocol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test data derived from the paper's published Tables C and D (Noronha et al., "Performance
 * Evaluation of Container based Virtualization on Embedded Microprocessors", section IV.D) — not
 * tool captures. For each device and table, native and LXC repetitions of lmbench {@code stream}
 * ({@code stream -v 2} for Table D) are written as lmbench prints them ({@code STREAM copy
 * latency: 0.77 nanoseconds}, {@code STREAM copy bandwidth: 20739.66 MB/sec}: {@code nano()} and
 * {@code mb()} of lmbench's {@code lib_timing.c}, see {@code outputs/stream/README.md}), with
 * bandwidths chosen so that their means are the paper's Native value and Native x (1 + %change /
 * 100) (to half a hundredth of an MB/s divided by the number of repetitions: lmbench prints two
 * decimals). They go through the real stream parser and normalizer ({@link OfflineRun}) and are
 * written as benchtap's file sink writes them ({@link LineProtocol}), with the started status of
 * each repetition as {@code benchtap campaign run} sends it: campaign label, instance count, and
 * the run id {@code CAMPAIGN-CELL-rN} of {@link RunIdentity}.
 */
public final class PaperStreamData {
  /** Table C as the paper prints it (its text, tab-separated). */
  public static final String TABLE_C = """
      Benchmark\tSTREAM(MB/s)\t\t\t\t\t\t\t
      \tAdd\t\tCopy\t\tScale\t\tTriad\t
      Type\tNative\t%change\tNative\t%change\tNative\t%change\tNative\t%change
      lks7688\t99.98\t-0.1\t208.43\t-0.3\t65.57\t-0.1\t49.65\t-0.4
      archc7\t129.28\t-0.4\t272.85\t-0.2\t77.68\t-0.3\t60.08\t-0.5
      l4500\t170.81\t-0.7\t752.95\t-3.2\t262.15\t-0.5\t156.24\t-1
      rspi3\t1885.37\t-0.8\t2331.1\t-4.5\t2131.97\t-2.2\t1682.01\t-0.1
      """;

  /** Table D as the paper prints it. */
  public static final String TABLE_D = """
      Benchmark\tSTREAM2(MB/s)\t\t\t\t\t\t\t
      \tFill\t\tCopy\t\tDaxpy\t\tSum\t
      Type\tNative\t%change\tNative\t%change\tNative\t%change\tNative\t%change
      lks7688\t177.94\t-0.8\t208.33\t-0.6\t61.82\t-0.6\t47.05\t-2.0
      archc7\t285.39\t-0.1\t273.83\t-0.1\t69.79\t-0.9\t56.94\t-0.7
      l4500\t760.8\t-0.1\t777.2\t-3\t172.2\t-0.5\t130.57\t-0.1
      rspi3\t1288.74\t-0.2\t2339.9\t-0.2\t1656.04\t-0.3\t1698.19\t-0.1
      """;

  /** The operations of lmbench's stream in the order it runs them, and the bytes each moves per element. */
  static final Map<String, Integer> V1 = ordered("copy", 16, "scale", 16, "add", 24, "triad", 24);
  static final Map<String, Integer> V2 = ordered("fill", 8, "copy", 16, "daxpy", 24, "sum", 8);

  private PaperStreamData() {}

  /** A table's cells: its rows split on tabs. */
  public static List<List<String>> grid(String table) {
    List<List<String>> g = new ArrayList<>();
    table.lines().forEach(l -> g.add(List.of(l.split("\t", -1))));
    return g;
  }

  /** Native and container target means per device and op, in MB/s. */
  record Target(String device, String op, BigDecimal nativeMb, BigDecimal change) {
    double containerMb() {
      return nativeMb.doubleValue() * (1 + change.doubleValue() / 100);
    }
  }

  static List<Target> targets(String table) {
    List<List<String>> g = grid(table);
    List<Target> out = new ArrayList<>();
    for (List<String> row : g.subList(3, g.size())) {
      for (int i = 1; i < row.size(); i += 2) {
        out.add(new Target(row.get(0), g.get(1).get(i).toLowerCase(Locale.ROOT), new BigDecimal(row.get(i)),
            new BigDecimal(row.get(i + 1))));
      }
    }
    return out;
  }

  /**
   * {@code reps} values printed with two decimals (as hundredths) whose sum is the nearest to
   * {@code reps x mean}: the same values give or take one hundredth, spread symmetrically by steps
   * of about 0.05 % of the mean (offsets -(reps-1), ..., reps-1 steps, which add up to 0).
   */
  static long[] hundredths(double mean, int reps) {
    long sum = Math.round(mean * 100 * reps);
    long step = Math.max(1, Math.round(mean * 100 * 0.0005));
    long[] v = new long[reps];
    for (int i = 0; i < reps; i++) {
      v[i] = sum / reps + (i < sum % reps ? 1 : 0) + step * (2L * i - (reps - 1));
    }
    return v;
  }

  /** lmbench {@code stream} (or {@code stream -v 2}) output with these bandwidths, in its order. */
  static List<String> lmbench(boolean stream2, Map<String, Long> hundredthsByOp) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Integer> op : (stream2 ? V2 : V1).entrySet()) {
      long h = hundredthsByOp.get(op.getKey());
      double mb = h / 100.0;
      String name = (stream2 ? "STREAM2 " : "STREAM ") + op.getKey();
      // nano(): time per element; mb(): bytes per second / 10^6
      lines.add(String.format(Locale.ROOT, "%s latency: %.2f nanoseconds", name, op.getValue() * 1000.0 / mb));
      lines.add(String.format(Locale.ROOT, "%s bandwidth: %d.%02d MB/sec", name, h / 100, h % 100));
    }
    return lines;
  }

  /**
   * One repetition of one table's lmbench run on one device, as {@code benchtap campaign run}
   * starts it: its stream (device, env, run id {@code CAMPAIGN-CELL-rN}, tool stream, instance 1), the
   * network, the command line, the started status' labels, and the output.
   */
  public record Run(StreamKey key, String net, String command, Map<String, String> labels, List<String> output) {}

  /**
   * A campaign that measured both tables: for each table and environment (native, then lxc with
   * no network of its own), {@code reps} repetitions on every device, each one instance of
   * lmbench stream, in the order they ran.
   */
  public static List<Run> runs(String campaign, int reps) {
    List<Run> out = new ArrayList<>();
    for (boolean stream2 : List.of(false, true)) {
      List<Target> targets = targets(stream2 ? TABLE_D : TABLE_C);
      for (String env : List.of("native", "lxc")) {
        String net = env.equals("native") ? "host" : "none";
        Map<String, Map<String, long[]>> values = new LinkedHashMap<>();
        for (Target tg : targets) {
          values.computeIfAbsent(tg.device(), d -> new LinkedHashMap<>()).put(tg.op(),
              hundredths(env.equals("native") ? tg.nativeMb().doubleValue() : tg.containerMb(), reps));
        }
        for (int r = 0; r < reps; r++) {
          for (Map.Entry<String, Map<String, long[]>> d : values.entrySet()) {
            Map<String, Long> byOp = new LinkedHashMap<>();
            int rep = r;
            d.getValue().forEach((op, v) -> byOp.put(op, v[rep]));
            RunIdentity id = new RunIdentity(campaign, (stream2 ? "stream2" : "stream") + "-" + env + "-" + net + "-x1", r + 1);
            out.add(new Run(new StreamKey(d.getKey(), env, id.runId(), "stream", "1"), net,
                stream2 ? "stream -v 2 -M 8M -N 10" : "stream -M 8M -N 10", id.labels(), lmbench(stream2, byOp)));
          }
        }
      }
    }
    return out;
  }

  /**
   * The line-protocol file of {@link #runs}, as benchtap's file sink writes it: each run's
   * started status, the parser's measurements, its finished status.
   */
  static List<String> lineProtocol(String campaign, int reps) {
    ToolParser parser = ParserRegistry.load().find("stream").orElseThrow();
    List<String> lp = new ArrayList<>();
    Instant t = Instant.parse("2018-03-01T10:00:00Z");
    for (Run run : runs(campaign, reps)) {
      lp.add(LineProtocol.point(new RunEvent(t, run.key(), run.net(), RunEvent.Type.STARTED, run.command(), null, 1, null,
          Double.NaN, null, run.labels())).toLineProtocol());
      t = t.plusSeconds(1);
      OfflineRun.Result res = OfflineRun.run(parser, run.output(), run.key(), run.net(), run.command(), t, TimeSource.DEVICE, false);
      if (res.unparsed() > 0 || res.measurements().size() != 8) {
        throw new IllegalStateException("the stream parser did not take the generated output: " + res.firstUnparsed());
      }
      for (Measurement m : res.measurements()) {
        lp.add(LineProtocol.line(m));
      }
      t = t.plusSeconds(1);
      lp.add(LineProtocol.point(new RunEvent(t, run.key(), run.net(), RunEvent.Type.FINISHED, null, null, 1, 0, 1.0, null,
          Map.of())).toLineProtocol());
    }
    return lp;
  }

  /**
   * Checks a table against the paper's, cell by cell: the three header rows and the device
   * column as the paper prints them; Native with two decimals and equal to the paper's; %change
   * with one decimal and equal to the paper's (so within 0.1 percentage points).
   */
  public static void assertSameTable(String what, List<List<String>> ours, List<List<String>> paper) {
    assertThat(ours).as(what).hasSameSizeAs(paper);
    for (int i = 0; i < 3; i++) {
      assertThat(ours.get(i)).as(what + " header row " + (i + 1)).isEqualTo(paper.get(i));
    }
    int values = 0;
    for (int i = 3; i < paper.size(); i++) {
      List<String> p = paper.get(i);
      List<String> o = ours.get(i);
      assertThat(o).as(what).hasSameSizeAs(p);
      assertThat(o.get(0)).as(what + " device").isEqualTo(p.get(0));
      for (int j = 1; j < p.size(); j += 2) {
        String where = what + " " + p.get(0) + " " + paper.get(1).get(j);
        // Native: two decimals, as printed; %change: one decimal, the paper's value to 0.1 percentage points
        assertThat(o.get(j)).as(where + " Native").matches("-?[0-9]+\\.[0-9]{2}");
        assertThat(new BigDecimal(o.get(j))).as(where + " Native").isEqualByComparingTo(new BigDecimal(p.get(j)));
        assertThat(o.get(j + 1)).as(where + " %change").matches("-?[0-9]+\\.[0-9]");
        assertThat(new BigDecimal(o.get(j + 1))).as(where + " %change")
            .isEqualByComparingTo(new BigDecimal(p.get(j + 1)).setScale(1, RoundingMode.UNNECESSARY));
        values += 2;
      }
    }
    assertThat(values).as(what + ": Native and %change of 4 devices x 4 operations").isEqualTo(32);
  }

  public static List<String> markdownCells(String line) {
    String inner = line.substring(1, line.length() - 1);
    return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
  }

  private static Map<String, Integer> ordered(Object... kv) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Integer) kv[i + 1]);
    }
    return m;
  }
}
