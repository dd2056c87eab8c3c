package io.benchtap.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a person reads in a report: rows that are overheads, and numbers in units they would use. */
class ReadableReportTest {

  @Test
  void testCountsAndStandardDeviationsAreNotOverheadRows() {
    List<JsonObject> rows = new OverheadRows()
        .reps(OverheadRows.cell("rspi3", "hpl", "hpl", "flops_per_second", Map.of(), 1), 3, 1.8e9, 1.7e9, "lxc", "veth")
        .reps(OverheadRows.cell("rspi3", "hpl", "hpl", "tests_total", Map.of("result", "passed"), 1), 3, 1, 1, "lxc", "veth")
        .reps(OverheadRows.cell("rspi3", "sysbench", "cpu", "thread_events", Map.of("stat", "stddev"), 1), 3, 0, 0, "lxc", "veth")
        .rows();
    assertThat(rows).hasSize(3);

    String md = OverheadTable.markdown(rows);
    assertThat(md).contains("flops_per_second (FLOP/s)").doesNotContain("tests_total").doesNotContain("thread_events")
        .doesNotContain("()").contains("2 rows left out: not overheads");
    assertThat(OverheadTable.csv(rows)).contains("tests_total").contains("thread_events");
    assertThat(Plots.figures(rows)).hasSize(1);
  }

  /**
   * HPL with 2 instances: a repetition's value is the sum over its instances, in the table as in
   * the campaign's headline line, and the heading says so (a "native" column read as the mean per
   * instance was half the headline).
   */
  @Test
  void aTableSaysHowInstancesAreCombinedAndShowsTheSum() {
    List<JsonObject> rows = new OverheadRows()
        .reps(OverheadRows.cell("rspi3", "hpl", "hpl", "flops_per_second", Map.of(), 2), 3, 18.51e9, 18.0e9, "lxc", "veth")
        .reps(OverheadRows.cell("rspi3", "sysbench", "cpu", "total_time_seconds", Map.of(), 2), 3, 0.768, 0.8, "lxc", "veth")
        .reps(OverheadRows.cell("rspi3", "sysbench", "cpu", "total_time_seconds", Map.of(), 1), 3, 0.5, 0.6, "lxc", "veth")
        .rows();
    String md = OverheadTable.markdown(rows);
    assertThat(md).contains("### hpl hpl: flops_per_second (FLOP/s; sum over instances)\n")
        .contains("| rspi3 | lxc/veth | 2 | 37.02 GFLOP/s |")
        .contains("### sysbench cpu: total_time_seconds (s; mean over instances)\n")
        .contains("| rspi3 | lxc/veth | 2 | 768 ms |");
    assertThat(OverheadTable.markdown(rows.stream().filter(r -> r.getInteger("instances") == 1).toList()))
        .contains("### sysbench cpu: total_time_seconds (s)\n");
  }

  @Test
  void largeCountsReadAsWordsOnTablesAndAxes() {
    assertThat(Units.format(1.8e10, "")).isEqualTo("18.00 billion");
    assertThat(Units.format(42.0, "")).isEqualTo("42");
    Figure.Axis axis = Units.axis("perf_events_total", 1.8e10);
    assertThat(axis.title()).isEqualTo("perf_events_total [billions]");
    assertThat(axis.scale()).isEqualTo(1e9);
  }

  @Test
  void networkThroughputStoredInBytesReadsInBits() {
    Figure.Axis axis = Units.axis("throughput_bytes_per_second", 1.8e10 / 8);
    assertThat(axis.title()).isEqualTo("network throughput [Gbit/s]");
    assertThat(axis.scale()).isEqualTo(1e9 / 8);
    assertThat(Units.unitOf("throughput_bytes_per_second")).isEqualTo("bit/s");
    assertThat(Units.format(941.52e6 / 8, Units.unitOf("throughput_bytes_per_second"))).isEqualTo("941.52 Mbit/s");
    assertThat(Units.format(2.5e9, Units.unitOf("memory_throughput_bytes_per_second"))).isEqualTo("2.50 GB/s");
  }

  @Test
  void countsFromAThousandReadInWordsWholeOrNot() {
    assertThat(Units.format(15_780.0, "")).isEqualTo("15.78 thousand");
    assertThat(Units.format(2180.5, "")).isEqualTo("2.18 thousand");
    assertThat(Units.format(2000.0, "")).isEqualTo("2000");
    assertThat(Units.format(999.5, "")).isEqualTo("999.5");
  }
}
