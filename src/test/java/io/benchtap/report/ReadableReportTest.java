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
}
