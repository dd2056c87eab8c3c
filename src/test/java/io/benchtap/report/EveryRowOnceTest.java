package io.benchtap.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every layout of the report (the tables of every cell, their plots, the paper's Tables C and D,
 * the paper's figures) shows every overhead row it takes exactly once, and each native baseline
 * once: fed rows that differ in one part of their identity at a time, among them the pairs an
 * earlier keying merged (STREAM copy and STREAM2 copy, netperf TCP_RR and UDP_RR, HPC Challenge's
 * copy in star and single mode, two campaigns, 2 and 16 instances), no row is lost and none is
 * shown twice.
 */
class EveryRowOnceTest {

  /** Cells whose identity differs only in benchmark, labels or metric. */
  static final List<OverheadRows.Cell> CELLS = List.of(
      OverheadRows.cell("", "stream", "stream", "memory_bandwidth_bytes_per_second", Map.of("op", "copy"), 1),
      OverheadRows.cell("", "stream", "stream2", "memory_bandwidth_bytes_per_second", Map.of("op", "copy"), 1),
      OverheadRows.cell("", "stream", "stream", "memory_bandwidth_bytes_per_second", Map.of("op", "copy", "mode", "single"), 1),
      OverheadRows.cell("", "stream", "stream", "memory_bandwidth_bytes_per_second", Map.of("op", "copy", "mode", "star"), 1),
      OverheadRows.cell("", "stream", "stream", "stream_latency_seconds", Map.of("op", "copy"), 1),
      OverheadRows.cell("", "netperf", "tcp_rr", "round_trip_latency_seconds", Map.of(), 1),
      OverheadRows.cell("", "netperf", "udp_rr", "round_trip_latency_seconds", Map.of(), 1),
      OverheadRows.cell("", "nuttcp", "tcp", "throughput_bytes_per_second", Map.of("direction", "sender"), 1),
      OverheadRows.cell("", "nuttcp", "tcp", "throughput_bytes_per_second", Map.of("direction", "receiver"), 1),
      OverheadRows.cell("", "nuttcp", "udp", "throughput_bytes_per_second", Map.of("direction", "sender"), 1),
      OverheadRows.cell("", "iperf3", "tcp", "throughput_bytes_per_second", Map.of("direction", "receiver"), 1),
      OverheadRows.cell("", "iperf3", "tcp", "throughput_bytes_per_second", Map.of("direction", "sender"), 1),
      OverheadRows.cell("", "iperf3", "tcp", "throughput_bytes_per_second", Map.of("direction", "receiver", "stream", "1"), 1),
      OverheadRows.cell("", "iperf3", "udp", "throughput_bytes_per_second", Map.of("direction", "receiver"), 1),
      OverheadRows.cell("", "sysbench", "cpu", "total_time_seconds", Map.of(), 1),
      OverheadRows.cell("", "sysbench", "cpu", "events_per_second", Map.of(), 1),
      OverheadRows.cell("", "hpl", "hpl", "flops_per_second", Map.of(), 1),
      OverheadRows.cell("", "hpl", "linpack", "flops_per_second", Map.of("array_size", "200"), 1));

  static List<JsonObject> rows() {
    OverheadRows o = new OverheadRows();
    double v = 1;
    for (String campaign : List.of("a", "b")) {
      for (String device : List.of("rspi3", "archc7")) {
        for (int instances : List.of(16, 2)) {
          for (OverheadRows.Cell c : CELLS) {
            OverheadRows.Cell cell = new OverheadRows.Cell(campaign, device, "native", "host", c.tool(), c.benchmark(), c.metric(),
                c.labels(), instances);
            // every cell its own values, so a row shown in another's place would show
            o.reps(cell, 2, v, v * 1.1, "lxc", "veth", "lxc", "macvlan", "lxc", "none", "docker", "veth");
            v += 1;
          }
        }
      }
    }
    return o.rows();
  }

  @Test
  void theInputHasTheCollidingPairs() {
    List<JsonObject> rows = rows();
    assertThat(rows).hasSize(2 * 2 * 2 * CELLS.size() * 4);
    assertThat(rows.stream().map(CellId::of).distinct()).hasSize(rows.size());
  }

  @Test
  void theTablesOfEveryCellHoldEveryRowOnce() {
    List<JsonObject> rows = rows();
    List<CellId> placed = new ArrayList<>();
    OverheadTable.tables(rows).forEach(t -> t.lines().forEach(l -> l.cells().values().forEach(r -> placed.add(CellId.of(r)))));
    assertThat(placed).containsExactlyInAnyOrderElementsOf(ids(rows));
    String md = OverheadTable.markdown(rows);
    assertThat(md).contains("### stream stream: memory_bandwidth_bytes_per_second (B/s; sum over instances)")
        .contains("### stream stream2: memory_bandwidth_bytes_per_second (B/s; sum over instances)")
        .contains("### netperf tcp_rr: round_trip_latency_seconds (s; mean over instances)")
        .contains("### netperf udp_rr: round_trip_latency_seconds (s; mean over instances)")
        .contains("mode=single op=copy native").contains("mode=star op=copy native");
    assertThat(OverheadTable.csv(rows).lines().skip(1)).hasSize(rows.size());
  }

  @Test
  void thePlotsOfEveryCellHoldEveryRowOnceAndEachNativeOnce() {
    List<JsonObject> rows = rows();
    List<Figure> figures = Plots.figures(rows);
    assertOncePerRowAndBaseline(figures, rows);
    assertThat(figures.stream().map(Figure::file).distinct()).hasSize(figures.size());
  }

  @Test
  void thePapersTablesHoldEveryStreamBandwidthRowOnce() {
    List<JsonObject> rows = rows();
    List<CellId> placed = new ArrayList<>();
    List<PaperTables.Table> tables = PaperTables.tables(rows);
    tables.forEach(t -> t.cells().values().forEach(m -> m.values().forEach(r -> placed.add(CellId.of(r)))));
    List<CellId> selected = ids(rows).stream().filter(c -> PaperTables.selects(PaperTables.Spec.C, c)
        || PaperTables.selects(PaperTables.Spec.D, c)).toList();
    assertThat(selected).hasSize(2 * 2 * 2 * 4 * 4); // stream, stream2, HPCC single and star copy
    assertThat(placed).containsExactlyInAnyOrderElementsOf(selected);
    // a table per campaign, container, instance count and HPCC mode: C (3 label sets), D (1)
    assertThat(tables).hasSize(2 * 4 * 2 * 3 + 2 * 4 * 2);
  }

  @Test
  void thePapersFiguresHoldEveryRowTheySelectOnceAndEachNativeOnce() {
    List<JsonObject> rows = rows();
    List<JsonObject> selected = new ArrayList<>();
    PaperFigures.SPECS.forEach(s -> selected.addAll(PaperFigures.select(s, rows)));
    // sysbench time, hpl (HPL and linpack.c), nuttcp (tcp both directions, udp), netperf (two), iperf3 (tcp and udp receiver)
    assertThat(selected).hasSize(2 * 2 * 2 * 4 * (1 + 2 + 3 + 2 + 2));
    assertOncePerRowAndBaseline(PaperFigures.figures(rows), selected);
  }

  @Test
  void aSecondRowInOnePlaceFailsInsteadOfHidingTheFirst() {
    Map<String, JsonObject> place = new HashMap<>();
    JsonObject a = rows().get(0);
    CellId.putOnce(place, "copy", a);
    assertThatThrownBy(() -> CellId.putOnce(place, "copy", a.copy().put("benchmark", "other")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two overhead rows in one place copy");
  }

  @Test
  void instanceCountsAreOrderedAsNumbers() {
    OverheadTable.Table t = OverheadTable.tables(rows()).get(0);
    assertThat(t.lines().stream().filter(l -> l.campaign().equals("a") && l.device().equals("archc7") && l.env().equals("lxc")
        && l.net().equals("veth")).map(OverheadTable.Line::instances)).containsExactly(2, 16);
  }

  private static List<CellId> ids(List<JsonObject> rows) {
    return rows.stream().map(CellId::of).toList();
  }

  /** Every row's container value is one point; every native baseline one point. */
  static void assertOncePerRowAndBaseline(List<Figure> figures, List<JsonObject> rows) {
    List<CellId> containers = new ArrayList<>();
    List<CellId> natives = new ArrayList<>();
    for (Figure f : figures) {
      for (Figure.Point p : f.points()) {
        (p.nativeSide() ? natives : containers).add(p.nativeSide() ? CellId.of(p.row()).baseline() : CellId.of(p.row()));
      }
    }
    assertThat(containers).containsExactlyInAnyOrderElementsOf(ids(rows));
    assertThat(natives).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
        rows.stream().map(r -> CellId.of(r).baseline()).distinct().toList());
  }
}
