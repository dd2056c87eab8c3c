package io.benchtap.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables C and D from overhead rows: what goes where, what a table says under it, and a table per
 * variant the paper's layout has no place for. (The numbers of the paper itself come back in
 * {@code io.benchtap.cli.ReportCommandTest}.)
 */
class PaperTablesTest {

  static OverheadRows.Cell stream(String device, String benchmark, String op, Map<String, String> more) {
    Map<String, String> labels = new java.util.HashMap<>(more);
    labels.put("op", op);
    return OverheadRows.cell(device, "stream", benchmark, "memory_bandwidth_bytes_per_second", labels, 1);
  }

  @Test
  void aMissingOperationIsAnEmptyCellAndDevicesComeInThePapersOrder() {
    OverheadRows o = new OverheadRows();
    o.reps(stream("mydevice", "stream", "copy", Map.of()), 3, 100e6, 99e6, "lxc", "none");
    o.reps(stream("rspi3", "stream", "add", Map.of()), 3, 1885.37e6, 1885.37e6 * 0.992, "lxc", "none");
    o.reps(stream("lks7688", "stream", "triad", Map.of()), 3, 49.65e6, 49.65e6, "lxc", "none");
    List<PaperTables.Table> tables = PaperTables.tables(o.rows());
    assertThat(tables).hasSize(1);
    List<List<String>> g = PaperTables.grid(tables.get(0));
    assertThat(g.subList(3, g.size())).containsExactly(
        List.of("lks7688", "", "", "", "", "", "", "49.65", "0.0"),
        List.of("rspi3", "1885.37", "-0.8", "", "", "", "", "", ""),
        List.of("mydevice", "", "", "100.00", "-1.0", "", "", "", ""));
  }

  @Test
  void aSecondContainerOrModeGetsATableOfItsOwnNamedAfterIt(@TempDir Path dir) throws Exception {
    OverheadRows o = new OverheadRows();
    o.reps(stream("archc7", "stream", "copy", Map.of()), 3, 272.85e6, 272e6, "lxc", "veth", "lxc", "macvlan");
    o.reps(stream("archc7", "stream", "copy", Map.of("mode", "single")), 3, 270e6, 260e6, "lxc", "none");
    o.reps(stream("archc7", "stream2", "copy", Map.of()), 3, 273.83e6, 273e6, "lxc", "veth");
    List<PaperTables.Table> tables = PaperTables.tables(o.rows());
    assertThat(tables).extracting(PaperTables.Table::caption).containsExactly(
        "Table C. STREAM results (campaign camp, lxc/veth against native, 1 instance)",
        "Table C. STREAM results (campaign camp, lxc/macvlan against native, 1 instance)",
        "Table C. STREAM results (campaign camp, lxc/none against native, 1 instance, mode=single)",
        "Table D. STREAM2 results");
    PaperTables.Written w = PaperTables.write(o.rows(), dir, false);
    assertThat(w.count()).isEqualTo(4);
    assertThat(w.files()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
        "table-c_camp_lxc-veth_x1.csv", "table-c_camp_lxc-macvlan_x1.csv", "table-c_camp_lxc-none_x1_mode-single.csv",
        "table-d.csv", "table-c.md", "table-d.md");
    assertThat(Files.readString(dir.resolve("table-c.md"))).contains("(campaign camp, lxc/macvlan against native, 1 instance)")
        .contains("| archc7 | | | 270.00 | -3.7 |");
  }

  @Test
  void underTheTableItsSourceRepetitionsAndVerdicts() {
    OverheadRows o = new OverheadRows();
    o.reps(stream("rspi3", "stream", "copy", Map.of()), 12, 2331.1e6, 2331.1e6 * 0.955, "lxc", "none");
    o.reps(stream("rspi3", "stream", "add", Map.of()), 12, 1885.37e6, 1885.37e6, "lxc", "none");
    List<JsonObject> rows = o.rows();
    String md = PaperTables.markdown(PaperTables.tables(rows).get(0));
    assertThat(md).startsWith("Table C. STREAM results\n\n| Benchmark | STREAM(MB/s) | | | | | | | |\n|---|---:|")
        .contains("| rspi3 | 1885.37 | 0.0 | 2331.10 | -4.5 |")
        .contains("Rows: tool stream, benchmark stream, memory_bandwidth_bytes_per_second by op; campaign camp, lxc/none against "
            + "native, 1 instance; a repetition's value is the sum over its instances. Repetitions per cell: native 12, container 12.")
        .containsPattern("Significant changes \\(intervals at 0\\.975\\): rspi3 Copy -4\\.5 \\[-[0-9.]+, -[0-9.]+\\]\\.\n")
        .doesNotContain("Not judged");

    // the analyzer's later fields: aggregate, judged, interval level
    rows.forEach(r -> r.put("aggregate", "sum").put("intervalLevel", 0.95));
    rows.stream().filter(r -> r.getJsonObject("labels").getString("op").equals("add"))
        .forEach(r -> r.put("judged", false).put("significant", false));
    md = PaperTables.markdown(PaperTables.tables(rows).get(0));
    assertThat(md).contains("a repetition's value is the sum over its instances")
        .contains("Significant changes (intervals at 0.95): rspi3 Copy -4.5")
        .contains("Not judged (a side has fewer repetitions than analysis.minSamples): rspi3 Add.");
  }

  @Test
  void otherStreamRowsAreNotInThePapersTables() {
    OverheadRows o = new OverheadRows();
    o.reps(OverheadRows.cell("rspi3", "stream", "stream", "stream_latency_seconds", Map.of("op", "copy"), 1), 2, 1e-9, 1e-9,
        "lxc", "none");
    o.reps(stream("rspi3", "stream2", "add", Map.of()), 2, 1e6, 1e6, "lxc", "none");
    assertThat(PaperTables.tables(o.rows())).isEmpty();
  }

  @Test
  void aChangeThatRoundsToZeroHasNoSign() {
    assertThat(PaperTables.decimals(-0.04, 1)).isEqualTo("0.0");
    assertThat(PaperTables.decimals(-0.05, 1)).isEqualTo("-0.1");
    assertThat(PaperTables.decimals(-0.004, 2)).isEqualTo("0.00");
    assertThat(PaperTables.decimals(-1, 1)).isEqualTo("-1.0");
  }
}
