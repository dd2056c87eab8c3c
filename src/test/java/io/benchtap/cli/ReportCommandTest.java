package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.model.TimeSource;
import io.benchtap.sink.LineProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchtap report} offline ({@code --lp}): the paper's Tables C and D come back from
 * lmbench outputs built from the paper's own numbers ({@link PaperStreamData}: derived from the
 * published tables, not captures) through the real parser, the file sink's line protocol, the
 * reader and the analyzer; and a campaign's cells that share run ids stay apart.
 */
class ReportCommandTest {
  static final int REPS = 10;

  @Test
  void thePapersTablesCAndDComeBackFromLmbenchOutputsOfItsNumbers(@TempDir Path dir) throws Exception {
    Path lp = dir.resolve("benchtap-2018-03-01.lp");
    Files.write(lp, PaperStreamData.lineProtocol("paper", REPS));
    Path out = dir.resolve("paper");
    String[] err = new String[1];
    String stdout = stdout(() -> {
      err[0] = stderr(() -> assertThat(Main.run("report", "--lp", lp.toString(), "--paper", out.toString())).isZero());
      return null;
    });
    assertThat(err[0]).contains("2 table(s)");

    for (String table : List.of("c", "d")) {
      List<List<String>> paper = PaperStreamData.grid(table.equals("c") ? PaperStreamData.TABLE_C : PaperStreamData.TABLE_D);
      List<List<String>> csv = Files.readAllLines(out.resolve("table-" + table + ".csv")).stream()
          .map(l -> List.of(l.split(",", -1))).toList();
      PaperStreamData.assertSameTable(table, csv, paper);
      List<String> md = Files.readAllLines(out.resolve("table-" + table + ".md"));
      assertThat(md.get(0)).isEqualTo(table.equals("c") ? "Table C. STREAM results" : "Table D. STREAM2 results");
      List<List<String>> mdGrid = new ArrayList<>();
      md.stream().filter(l -> l.startsWith("|") && !l.startsWith("|---")).forEach(l -> mdGrid.add(PaperStreamData.markdownCells(l)));
      PaperStreamData.assertSameTable(table + " (Markdown)", mdGrid, paper);
      assertThat(md).anySatisfy(l -> assertThat(l).contains("Repetitions per cell: native " + REPS + ", container " + REPS));
      assertThat(stdout).contains(String.join("\n", md));
    }
  }

  @Test
  void theTablesOfEveryCellShowStreamCopyAndStream2CopyApart(@TempDir Path dir) throws Exception {
    Path lp = dir.resolve("paper.lp");
    Files.write(lp, PaperStreamData.lineProtocol("paper", 3));
    String md = stdout(() -> Main.run("report", "--lp", lp.toString(), "--device", "rspi3",
        "--metric", "memory_bandwidth_bytes_per_second"));
    // rspi3: STREAM copy 2331.1 MB/s -4.5 %, STREAM2 copy 2339.9 MB/s -0.2 %
    assertThat(md).contains("### stream stream: memory_bandwidth_bytes_per_second (B/s)")
        .contains("### stream stream2: memory_bandwidth_bytes_per_second (B/s)")
        .contains("| rspi3 | lxc/none | 1 | 1.89 GB/s | -0.8").contains("| 2.33 GB/s | -4.5").contains("| rspi3 | lxc/none | 1 | 2.34 GB/s | -0.2");
    String csv = stdout(() -> Main.run("report", "--lp", lp.toString(), "--format", "csv", "--metric",
        "memory_bandwidth_bytes_per_second"));
    assertThat(csv.lines().skip(1)).hasSize(32);
  }

  @Test
  void aCampaignsCellsThatShareRunIdsStayApartOffline(@TempDir Path dir) throws Exception {
    // benchtap campaign run: cells one after the other, each repetition's run id the same in every cell
    // (paper-r1, paper-r2); so instance 1 of sysbench at 1 and at 2 instances is the same stream twice.
    List<String> lp = new ArrayList<>();
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    for (int instances : List.of(1, 2)) {
      for (String env : List.of("native", "lxc")) {
        for (int rep = 1; rep <= 3; rep++) {
          String run = "paper-r" + rep;
          for (int i = 1; i <= instances; i++) {
            lp.add(LineProtocol.point(new RunEvent(t, new StreamKey("archc7", env, run, "sysbench", String.valueOf(i)),
                env.equals("native") ? "host" : "none", RunEvent.Type.STARTED, "sysbench cpu run", null, instances, null, Double.NaN,
                null, Map.of("campaign", "paper"))).toLineProtocol());
          }
          for (int i = 1; i <= instances; i++) {
            t = t.plusSeconds(10);
            double seconds = 10.0 * instances * (env.equals("native") ? 1 : 1.04) + rep * 0.01;
            lp.add(LineProtocol.line(new Measurement(t, "archc7", env, env.equals("native") ? "host" : "none", run, "sysbench", "cpu",
                String.valueOf(i), "total_time_seconds", seconds, "seconds", Phase.FINAL, Map.of(), TimeSource.DEVICE)));
          }
          t = t.plusSeconds(1);
        }
      }
    }
    Path file = dir.resolve("campaign.lp");
    // the daily files are read in any order and sorted by time
    java.util.Collections.reverse(lp);
    Files.write(file, lp);
    String csv = stdout(() -> Main.run("report", "--lp", file.toString(), "--format", "csv"));
    List<String> rows = csv.lines().skip(1).toList();
    assertThat(rows).hasSize(2);
    for (int i = 0; i < 2; i++) {
      String[] f = rows.get(i).split(",");
      assertThat(f[7]).as("instances").isEqualTo(String.valueOf(i + 1));
      assertThat(f[8]).as("campaign").isEqualTo("paper");
      assertThat(Double.parseDouble(f[10])).as("native mean").isCloseTo(10.0 * (i + 1) + 0.02,
          org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void paperWithoutStreamRowsSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    List<String> lp = new ArrayList<>();
    Instant t = Instant.parse("2026-02-01T00:00:00Z");
    for (String env : List.of("native", "lxc")) {
      for (int rep = 1; rep <= 2; rep++) {
        t = t.plusSeconds(1);
        lp.add(LineProtocol.line(new Measurement(t, "rspi3", env, env.equals("native") ? "host" : "veth", "c-r" + rep, "nuttcp",
            "tcp", "1", "throughput_bytes_per_second", 94e6 - rep, "bytes_per_second", Phase.FINAL, Map.of("direction", "sender"),
            TimeSource.DEVICE)));
      }
    }
    Path file = dir.resolve("n.lp");
    Files.write(file, lp);
    String err = stderr(() -> assertThat(Main.run("report", "--lp", file.toString(), "--paper", dir.resolve("out").toString()))
        .isZero());
    assertThat(err).contains("Tables C and D: no container row").contains("Fig. 2: no container row")
        .doesNotContain("Fig. 5: no").contains("0 table(s) and 1 figure(s)");
    assertThat(dir.resolve("out/fig5-nuttcp.png")).exists();
  }

  static String stdout(Callable<?> c) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      c.call();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  static String stderr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
