package io.benchtap.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The paper's figures as PNG files (XChart), from the overhead rows:
 *
 * <ul>
 *   <li>Fig. 2, {@code fig2-sysbench.png}: sysbench cpu execution time ({@code total_time_seconds},
 *       s) against instances, native and each container, a panel per device;
 *   <li>Fig. 3, {@code fig3-linpack.png}: tool hpl {@code flops_per_second} in MFLOP/s against
 *       instances, a panel per device (and benchmark: HPL or linpack.c);
 *   <li>Fig. 5, {@code fig5-nuttcp.png}: nuttcp throughput in Mbit/s as bars, TX and RX of
 *       each device, a bar per network, a panel per instance count. The device is the server
 *       and the client runs on the test machine (the paper's setup and {@code
 *       campaigns/paper.yaml}); the parser's {@code direction} is the client's role, so the
 *       device's TX is {@code direction=receiver} ({@code nuttcp -r}) and its RX {@code
 *       direction=sender} (nuttcp's default);
 *   <li>Fig. 6, {@code fig6-netperf.png}: netperf TCP_RR and UDP_RR round-trip latency in µs
 *       ({@code round_trip_latency_seconds}, the parser's 1 / transaction rate, as the paper
 *       computes it) as bars per device, a bar per network, a panel per instance count;
 *   <li>Figs. 7-10, {@code fig7-iperf3-lks7688.png} ... ({@code fig7-10-iperf3-DEVICE.png} for
 *       other devices): iperf3 throughput at the receiver ({@code direction=receiver}, the
 *       unlabelled total of the streams) in Mbit/s against instances, one figure per device.
 * </ul>
 *
 * Values are the means of the cells, as the analyzer forms them: when rows carry {@code
 * aggregate}, a repetition's value is the sum (throughput, FLOP/s) or mean (times) over its
 * instances, and the axis says so; rows without it are the mean per instance. Error bars: the 95 %
 * confidence interval of each side's mean, where it has repetitions. A campaign, container,
 * benchmark or label set more than the paper's gets its own series, panel or bar group, never a
 * share of another's point.
 */
public final class PaperFigures {
  private PaperFigures() {}

  /** One of the paper's figures: which rows it shows and how it lays them out. */
  record Spec(String name, String rows, Predicate<CellId> select, Function<List<JsonObject>, List<Figure>> build) {}

  static final List<Spec> SPECS = List.of(
      new Spec("Fig. 2", "sysbench cpu total_time_seconds",
          c -> c.tool().equals("sysbench") && c.benchmark().equals("cpu") && c.metric().equals("total_time_seconds"),
          rs -> List.of(new Figure("fig2-sysbench.png", Figure.lines(rs, c -> List.of(c.device(), c.labelText(), c.campaign()),
              title("Fig. 2 sysbench cpu", rs, c -> c.device() + suffix(c.labelText())),
              r -> new Figure.Axis("execution time [s]", 1))))),
      new Spec("Fig. 3", "hpl flops_per_second",
          c -> c.tool().equals("hpl") && c.metric().equals("flops_per_second"),
          rs -> List.of(new Figure("fig3-linpack.png", Figure.lines(rs,
              c -> List.of(c.device(), c.benchmark(), c.labelText(), c.campaign()),
              title("Fig. 3 Linpack", rs, c -> c.device() + " (" + c.benchmark() + suffix(c.labelText()) + ")"),
              r -> new Figure.Axis("Linpack [MFLOP/s]", 1e6))))),
      new Spec("Fig. 5", "nuttcp throughput_bytes_per_second{direction}",
          c -> c.tool().equals("nuttcp") && c.metric().equals("throughput_bytes_per_second")
              && c.labels().keySet().equals(Set.of("direction")),
          rs -> List.of(new Figure("fig5-nuttcp.png", Figure.bars(rs, c -> List.of(c.benchmark(), c.instances(), c.campaign()),
              title("Fig. 5 nuttcp", rs, c -> c.benchmark() + ", " + instances(c.instances())),
              c -> List.of(c.device(), c.labels().get("direction").equals("receiver") ? 0 : 1,
                  c.labels().get("direction").equals("receiver") ? "TX" : "RX"),
              r -> new Figure.Axis("throughput [Mbit/s]", 1e6 / 8))))),
      new Spec("Fig. 6", "netperf tcp_rr/udp_rr round_trip_latency_seconds",
          c -> c.tool().equals("netperf") && c.metric().equals("round_trip_latency_seconds")
              && (c.benchmark().equals("tcp_rr") || c.benchmark().equals("udp_rr")),
          rs -> List.of(new Figure("fig6-netperf.png", Figure.bars(rs, c -> List.of(c.instances(), c.labelText(), c.campaign()),
              title("Fig. 6 netperf round-trip latency", rs, c -> instances(c.instances()) + suffix(c.labelText())),
              c -> List.of(c.device(), c.benchmark().equals("tcp_rr") ? 0 : 1, c.benchmark().toUpperCase(java.util.Locale.ROOT)),
              r -> new Figure.Axis("round-trip latency [µs]", 1e-6))))),
      new Spec("Figs. 7-10", "iperf3 throughput_bytes_per_second{direction=receiver}",
          c -> c.tool().equals("iperf3") && c.metric().equals("throughput_bytes_per_second")
              && c.labels().equals(Map.of("direction", "receiver")),
          PaperFigures::iperf3));

  private static List<Figure> iperf3(List<JsonObject> rows) {
    Map<String, List<JsonObject>> byDevice = new TreeMap<>(CellId.DEVICES);
    rows.forEach(r -> byDevice.computeIfAbsent(CellId.of(r).device(), d -> new ArrayList<>()).add(r));
    List<Figure> out = new ArrayList<>();
    byDevice.forEach((device, rs) -> {
      int i = List.of("lks7688", "archc7", "l4500", "rspi3").indexOf(device);
      String file = (i < 0 ? "fig7-10" : "fig" + (7 + i)) + "-iperf3-" + Plots.fileName(device) + ".png";
      out.add(new Figure(file, Figure.lines(rs, c -> List.of(c.benchmark(), c.campaign()),
          title(i < 0 ? "Figs. 7-10 iperf3" : "Fig. " + (7 + i) + " iperf3", rs, c -> c.device() + " " + c.benchmark()),
          r -> new Figure.Axis("throughput at the receiver [Mbit/s]", 1e6 / 8))));
    });
    return out;
  }

  /** The figures the rows give; a figure without rows is left out. */
  static List<Figure> figures(List<JsonObject> rows) {
    List<Figure> out = new ArrayList<>();
    for (Spec s : SPECS) {
      List<JsonObject> rs = select(s, rows);
      if (!rs.isEmpty()) {
        out.addAll(s.build().apply(rs));
      }
    }
    return out;
  }

  /** The rows a figure shows. */
  static List<JsonObject> select(Spec s, List<JsonObject> rows) {
    return rows.stream().filter(r -> s.select().test(CellId.of(r))).toList();
  }

  /** Writes the figures into dir; returns the files written. */
  public static List<Path> write(List<JsonObject> rows, Path dir) throws IOException {
    return Charts.writeAll(figures(rows), dir);
  }

  /** One line per figure the rows could not give: what it needs. */
  public static List<String> missing(List<JsonObject> rows) {
    return SPECS.stream().filter(s -> select(s, rows).isEmpty())
        .map(s -> s.name() + ": no container row with a native baseline of " + s.rows()).toList();
  }

  /**
   * The panel title: the figure, what the panel fixes, how a value is formed over the instances,
   * and the campaign when the figure has several.
   */
  private static Function<CellId, String> title(String figure, List<JsonObject> rows, Function<CellId, String> what) {
    boolean campaigns = rows.stream().map(r -> CellId.of(r).campaign()).distinct().count() > 1;
    String per = rows.stream().allMatch(r -> CellId.of(r).instances() == 1) ? "" : ", " + per(rows);
    return c -> figure + ": " + what.apply(c) + per + (campaigns ? " (" + c.campaign() + ")" : "");
  }

  private static String suffix(String labels) {
    return labels.isEmpty() ? "" : " " + labels;
  }

  private static String instances(int n) {
    return n + (n == 1 ? " instance" : " instances");
  }

  /**
   * How a figure's values are formed over the instances of a repetition: the analyzer's
   * {@code aggregate} (sum or mean), or, from an analyzer that does not give it, the mean of every
   * instance's value.
   */
  static String per(List<JsonObject> rows) {
    String a = rows.stream().map(r -> r.getString("aggregate")).filter(x -> x != null).findFirst().orElse(null);
    return a == null ? "mean per instance" : a + " over instances";
  }
}
