package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.agent.campaign.RunIdentity;
import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.Overhead;
import io.benchtap.analyze.OverheadAnalyzer;
import io.benchtap.model.Measurement;
import io.benchtap.model.Phase;
import io.benchtap.model.RunEvent;
import io.benchtap.report.LineProtocolReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill into the line-protocol file sink (the InfluxDB path is covered by
 * LiveToolsIT.importedOldLogsReachTheInfluxStore), read back as `benchtap report --lp` reads it.
 */
class ImportCommandTest {

  @Test
  void oldLogsLandWithFlagLabelsAndTheFileTimeAndNoPointOverwritesAnother(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("old.txt");
    Files.copy(Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t2_interval.txt"), log);
    Instant mtime = Instant.parse("2019-03-01T12:00:00Z");
    Files.setLastModifiedTime(log, FileTime.from(mtime));
    int code = Main.run("import", "--device", "archc7", "--env", "lxc", "--net", "veth", "--run", "paper-2018",
        "--set", "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true", log.toString());
    assertThat(code).isZero();
    Path lp;
    try (var files = Files.list(dir.resolve("data"))) {
      lp = files.filter(f -> f.toString().endsWith(".lp")).findFirst().orElseThrow();
    }
    List<String> all = Files.readAllLines(lp);
    List<String> lines = all.stream().filter(l -> !l.startsWith("benchtap_runs,")).toList();
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l)
        .startsWith("sysbench,benchmark=cpu,device=archc7,env=lxc,instance=1,net=veth,"));
    assertThat(all.stream().filter(l -> l.startsWith("benchtap_runs,"))).hasSize(2);
    Set<String> seriesAndTime = new HashSet<>();
    for (String l : lines) {
      String series = l.substring(0, l.indexOf(' ')) + l.substring(l.indexOf(' '), l.indexOf('=', l.indexOf(' ')));
      long t = Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
      assertThat(t).isBetween(mtime.getEpochSecond() * 1_000_000_000L, mtime.getEpochSecond() * 1_000_000_000L + 1_000_000L);
      assertThat(seriesAndTime.add(series + "@" + t)).as("duplicate point %s", l).isTrue();
    }
    assertThat(lines.stream().filter(l -> l.contains("phase=interval"))).hasSizeGreaterThan(3);
  }

  @Test
  void aTimeTheSinksCannotWriteAsEpochNanosecondsIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("old.txt");
    Files.copy(Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t2_interval.txt"), log);
    for (String time : List.of("2262-04-11T23:47:16.854775807Z", "2300-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
      String err = stderr(() -> assertThat(Main.run("import", "--device", "d", "--env", "native", "--run", "r", "--time", time,
          "--set", "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true", log.toString())).as(time).isEqualTo(2));
      assertThat(err.strip()).as(time).isEqualTo("benchtap import: --time: expected an instant from 1970-01-01T00:00:00Z up to "
          + "2262-04-11T23:47:16.854775806Z (epoch nanoseconds in a signed 64-bit integer), got " + time);
      err = stderr(() -> assertThat(Main.run("parse", "--tool", "sysbench", "--time", time, log.toString())).isEqualTo(2));
      assertThat(err).as(time).startsWith("benchtap parse: --time: expected an instant from 1970-01-01T00:00:00Z");
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aFileModifiedBeyondTheRangeNeedsTimeAndTheOtherFilesAreImported(@TempDir Path dir) throws Exception {
    Path future = dir.resolve("future.txt");
    Path good = dir.resolve("good.txt");
    Files.copy(Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t2_interval.txt"), future);
    Files.copy(future, good);
    Files.setLastModifiedTime(future, FileTime.from(Instant.parse("2300-01-01T00:00:00Z")));
    Files.setLastModifiedTime(good, FileTime.from(Instant.parse("2019-03-01T12:00:00Z")));
    String err = stderr(() -> assertThat(Main.run("import", "--device", "d", "--env", "native", "--run", "r",
        "--set", "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true", future.toString(), good.toString())).isEqualTo(1));
    // Java reads a file time as nanoseconds in a long: 2300 comes back as 2262-04-11T23:47:16.854775807Z.
    assertThat(err).containsPattern("benchtap import: " + java.util.regex.Pattern.quote(future.toString())
        + ": its modification time 22[0-9-]+T[0-9:.]+Z is outside 1970-01-01T00:00:00Z up to 2262-04-11T23:47:16.854775806Z; "
        + "give the time with --time");
    List<String> lines;
    try (var files = Files.list(dir.resolve("data"))) {
      lines = Files.readAllLines(files.filter(f -> f.toString().endsWith(".lp")).findFirst().orElseThrow());
    }
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).contains("instance=2,"));
  }

  @Test
  void importedPointsSpacedPastTheEndOfTheRangeAreRefused(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("old.txt");
    Files.copy(Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t2_interval.txt"), log);
    String err = stderr(() -> assertThat(Main.run("import", "--device", "d", "--env", "native", "--run", "r",
        "--time", "2262-04-11T23:47:16.854775000Z", "--set", "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true",
        log.toString())).isEqualTo(1));
    assertThat(err).contains("pass the end of 1970-01-01T00:00:00Z up to 2262-04-11T23:47:16.854775806Z; give an earlier --time");
  }

  private static final Path INSTANCES = Path.of("src/test/resources/runs/sysbench-instances");
  private static final String SYSBENCH = "sysbench cpu --cpu-max-prime=10000 --threads=1 --events=6000 --time=0 --report-interval=1 run";

  /** Imports runs/sysbench-instances as campaign old-2026: a directory per repetition, a file per instance. */
  private static void importInstances(Path data) {
    for (String env : List.of("native", "lxc")) {
      for (int n : new int[] {1, 2}) {
        List<String> args = new ArrayList<>(List.of("import", "--device", "archc7", "--env", env, "--campaign", "old-2026",
            "--command", SYSBENCH, "--set", "file.dir=" + data, "--set", "file.enabled=true"));
        if (env.equals("lxc")) {
          args.addAll(List.of("--net", "none"));
        }
        // rep2 before rep1 on purpose: directories are taken in name order.
        args.add(INSTANCES.resolve(env + "/x" + n + "/rep2").toString());
        args.add(INSTANCES.resolve(env + "/x" + n + "/rep1").toString());
        assertThat(Main.run(args.toArray(String[]::new))).as(env + " x" + n).isZero();
      }
    }
  }

  private static LineProtocolReader.Result readBack(Path data) throws Exception {
    List<String> lines = new ArrayList<>();
    try (var files = Files.list(data)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".lp")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return LineProtocolReader.read(lines);
  }

  @Test
  void importedRepetitionsCarryTheStartedAndFinishedEventsACampaignRunWrites(@TempDir Path dir) throws Exception {
    importInstances(dir.resolve("data"));
    LineProtocolReader.Result back = readBack(dir.resolve("data"));
    List<RunEvent> started = back.events().stream().filter(e -> e.type() == RunEvent.Type.STARTED).toList();
    List<RunEvent> finished = back.events().stream().filter(e -> e.type() == RunEvent.Type.FINISHED).toList();
    assertThat(started).hasSize(12);
    assertThat(finished).hasSize(12);
    Set<String> seen = new HashSet<>();
    for (RunEvent e : started) {
      String env = e.key().env();
      String net = env.equals("native") ? "host" : "none";
      int rep = Integer.parseInt(e.labels().get("repetition"));
      // Exactly the labels and run id `benchtap campaign run` gives a repetition of a cell.
      RunIdentity who = new RunIdentity("old-2026", "sysbench-" + env + "-" + net + "-x" + e.instances(), rep);
      assertThat(e.labels()).isEqualTo(who.labels());
      assertThat(e.key().run()).isEqualTo(who.runId());
      assertThat(e.net()).isEqualTo(net);
      assertThat(e.command()).isEqualTo(SYSBENCH);
      assertThat(Integer.parseInt(e.key().instance())).isBetween(1, e.instances());
      assertThat(seen.add(env + " x" + e.instances() + " " + e.key().run() + " " + e.key().instance())).isTrue();
      RunEvent end = finished.stream().filter(f -> f.key().equals(e.key())).findFirst().orElseThrow();
      assertThat(end.instances()).isEqualTo(e.instances());
      assertThat(end.time()).isAfter(e.time());
    }
    // rep1 is repetition 1 although it was given after rep2.
    assertThat(seen).contains("native x2 old-2026-sysbench-native-host-x2-r1 1", "native x2 old-2026-sysbench-native-host-x2-r1 2",
        "native x2 old-2026-sysbench-native-host-x2-r2 2", "lxc x1 old-2026-sysbench-lxc-none-x1-r1 1",
        "lxc x1 old-2026-sysbench-lxc-none-x1-r2 1");
    Path rep1 = INSTANCES.resolve("native/x2/rep1/2.txt");
    double eps = ReportItValues.eventsPerSecond(rep1);
    assertThat(back.measurements()).anySatisfy(m -> {
      assertThat(m.run()).isEqualTo("old-2026-sysbench-native-host-x2-r1");
      assertThat(m.instance()).isEqualTo("2");
      assertThat(m.net()).isEqualTo("host");
      assertThat(m.metric()).isEqualTo("events_per_second");
      assertThat(m.phase()).isEqualTo(Phase.FINAL);
      assertThat(m.value()).isEqualTo(eps);
    });
  }

  @Test
  void theAnalysisAndReportSeeEachInstanceCountOfTheCampaignAgainstTheNativeBaseline(@TempDir Path dir) throws Exception {
    importInstances(dir.resolve("data"));
    LineProtocolReader.Result back = readBack(dir.resolve("data"));
    OverheadAnalyzer a = new OverheadAnalyzer(AnalysisConfig.defaults());
    back.events().forEach(a::accept);
    back.measurements().stream().sorted(java.util.Comparator.comparing(Measurement::time)).forEach(a::accept);
    List<Overhead> eps = a.overheads().stream().filter(o -> o.cell().metric().equals("events_per_second")).toList();
    // Before: every imported value was one instance's, pooled at x=1, and native had net=unknown (no baseline).
    assertThat(eps).extracting(o -> o.cell().instances()).containsExactlyInAnyOrder(1, 2);
    assertThat(eps).allSatisfy(o -> {
      assertThat(o.cell().env()).isEqualTo("lxc");
      assertThat(o.cell().net()).isEqualTo("none");
      assertThat(o.cell().device()).isEqualTo("archc7");
      assertThat(o.campaign()).isEqualTo("old-2026");
      assertThat(o.baseline()).isEqualTo("old-2026");
      assertThat(o.nativeSide().n()).isPositive();
      assertThat(o.container().n()).isPositive();
    });

    Path lp;
    try (var files = Files.list(dir.resolve("data"))) {
      lp = files.filter(f -> f.toString().endsWith(".lp")).findFirst().orElseThrow();
    }
    String[] out = new String[1];
    String err = stderr(() -> out[0] = stdout(() -> assertThat(Main.run("report", "--lp", lp.toString(), "--format", "csv",
        "--metric", "events_per_second")).isZero()));
    assertThat(err).doesNotContain("no container result has a native baseline");
    List<String> rows = out[0].lines().filter(l -> l.startsWith("archc7,")).toList();
    assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("archc7,lxc,none,sysbench,cpu,events_per_second,"));
    assertThat(rows).anySatisfy(r -> assertThat(r).contains(",1,old-2026,")).anySatisfy(r -> assertThat(r).contains(",2,old-2026,"));
  }

  @Test
  void aNativeImportIsTheBaselineWithoutNetAndAnotherNetIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
    Path log = INSTANCES.resolve("native/x1/rep1/1.txt");
    String err = stderr(() -> assertThat(Main.run("import", "--device", "d", "--env", "native", "--net", "veth", "--run", "r",
        "--set", "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true", log.toString())).isEqualTo(2));
    assertThat(err.strip()).isEqualTo("benchtap import: --net: a native run's net is host (native cells are the baseline of "
        + "every container cell, keyed net=host), got \"veth\"; leave --net out for --env native");
    assertThat(dir.resolve("data")).doesNotExist();
    assertThat(Main.run("import", "--device", "d", "--env", "native", "--run", "r",
        "--set", "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true", log.toString())).isZero();
    LineProtocolReader.Result back = readBack(dir.resolve("data"));
    assertThat(back.measurements()).isNotEmpty().allSatisfy(m -> assertThat(m.net()).isEqualTo("host"));
    assertThat(back.events()).isNotEmpty().allSatisfy(e -> assertThat(e.net()).isEqualTo("host"));
  }

  @Test
  void anHpccOutputImportsItsHplAndItsStreamValuesAsTwoRuns(@TempDir Path dir) throws Exception {
    assertThat(Main.run("import", "--device", "rspi3", "--env", "native", "--campaign", "paper-2018", "--set",
        "file.dir=" + dir.resolve("data"), "--set", "file.enabled=true",
        "src/test/resources/outputs/hpl/hpcc150_n1000_p1q1.txt")).isZero();
    LineProtocolReader.Result back = readBack(dir.resolve("data"));
    assertThat(back.measurements()).extracting(Measurement::tool).contains("hpl", "stream");
    assertThat(back.measurements()).anySatisfy(m -> {
      assertThat(m.tool()).isEqualTo("stream");
      assertThat(m.metric()).isEqualTo("memory_bandwidth_bytes_per_second");
      assertThat(m.run()).isEqualTo("paper-2018-stream-native-host-x1-r1");
    }).anySatisfy(m -> {
      assertThat(m.tool()).isEqualTo("hpl");
      assertThat(m.metric()).isEqualTo("flops_per_second");
    });
    assertThat(back.events().stream().filter(e -> e.type() == RunEvent.Type.STARTED).map(e -> e.labels().get("cell")))
        .containsExactlyInAnyOrder("hpl-native-host-x1", "stream-native-host-x1");
  }

  @Test
  void netperfRequestResponseAndLmbenchStream2OutputsImport(@TempDir Path dir) throws Exception {
    Path outputs = Path.of("src/test/resources/outputs");
    String data = "file.dir=" + dir.resolve("data");
    assertThat(Main.run("import", "--device", "l4500", "--env", "lxc", "--net", "macvlan", "--campaign", "paper-2018",
        "--repetition", "3", "--tool", "netperf", "--command", "netperf -t TCP_RR -H 192.168.2.125", "--set", data,
        "--set", "file.enabled=true", outputs.resolve("netperf/netperf_tcp_rr_doc.txt").toString())).isZero();
    assertThat(Main.run("import", "--device", "l4500", "--env", "native", "--campaign", "paper-2018", "--repetition", "3",
        "--command", "netperf -T 1 -H 192.168.1.213 -t UDP_RR -c -C", "--set", data, "--set", "file.enabled=true",
        outputs.resolve("netperf/netperf_udp_rr_cpu_doc.txt").toString())).isZero();
    assertThat(Main.run("import", "--device", "l4500", "--env", "lxc", "--net", "none", "--campaign", "paper-2018",
        "--cell", "stream2-lxc-none-x1", "--command", "./stream -v 2 -M 200M -P 64", "--set", data, "--set", "file.enabled=true",
        outputs.resolve("stream/lmbench3a9_stream2_v2_p64.txt").toString())).isZero();
    LineProtocolReader.Result back = readBack(dir.resolve("data"));
    assertThat(back.measurements()).anySatisfy(m -> {
      assertThat(m.tool()).isEqualTo("netperf");
      assertThat(m.benchmark()).isEqualTo("tcp_rr");
      assertThat(m.metric()).isEqualTo("round_trip_latency_seconds");
      assertThat(m.value()).isCloseTo(1 / 29150.15, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(m.run()).isEqualTo("paper-2018-netperf-lxc-macvlan-x1-r3");
      assertThat(m.net()).isEqualTo("macvlan");
    }).anySatisfy(m -> {
      assertThat(m.benchmark()).isEqualTo("udp_rr");
      assertThat(m.metric()).isEqualTo("round_trip_latency_seconds");
      assertThat(m.net()).isEqualTo("host");
    }).anySatisfy(m -> {
      assertThat(m.tool()).isEqualTo("stream");
      assertThat(m.benchmark()).isEqualTo("stream2");
      assertThat(m.metric()).isEqualTo("memory_bandwidth_bytes_per_second");
      assertThat(m.labels()).isEqualTo(java.util.Map.of("op", "daxpy"));
      assertThat(m.value()).isEqualTo(91353.52e6);
      assertThat(m.run()).isEqualTo("paper-2018-stream2-lxc-none-x1-r1");
    });
    assertThat(back.events().stream().filter(e -> e.type() == RunEvent.Type.STARTED).map(e -> e.labels().get("cell")))
        .containsExactlyInAnyOrder("netperf-lxc-macvlan-x1", "netperf-native-host-x1", "stream2-lxc-none-x1");
  }

  @Test
  void argumentsThatCannotBeOneRunAreUsageErrorsNamingTheFlag(@TempDir Path dir) throws Exception {
    Path a = INSTANCES.resolve("native/x2/rep1/1.txt");
    Path b = INSTANCES.resolve("native/x2/rep1/2.txt");
    String sink = "file.dir=" + dir.resolve("data");
    Map<String, String[]> cases = new java.util.LinkedHashMap<>();
    cases.put("benchtap import: give --campaign NAME", new String[] {"import", "--device", "d", "--env", "native", a.toString()});
    cases.put("benchtap import: --instances 1 but the files given hold 2 files", new String[] {"import", "--device", "d", "--env",
        "native", "--run", "r", "--instances", "1", a.toString(), b.toString()});
    cases.put("benchtap import: --instance names the instance of a single file", new String[] {"import", "--device", "d",
        "--env", "native", "--run", "r", "--instance", "2", "--instances", "2", a.toString(), b.toString()});
    cases.put("benchtap import: --instance 2 needs --instances", new String[] {"import", "--device", "d", "--env", "native",
        "--run", "r", "--instance", "2", a.toString()});
    cases.put("benchtap import: --run names one run, but the directories are 2 repetitions", new String[] {"import", "--device",
        "d", "--env", "native", "--run", "r", INSTANCES.resolve("native/x1/rep1").toString(),
        INSTANCES.resolve("native/x1/rep2").toString()});
    cases.put("benchtap import: give either files", new String[] {"import", "--device", "d", "--env", "native", "--campaign",
        "c", INSTANCES.resolve("native/x1/rep1").toString(), a.toString()});
    cases.put("benchtap import: --campaign: expected 1 to 64 characters", new String[] {"import", "--device", "d", "--env",
        "native", "--campaign", "c".repeat(65), a.toString()});
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      List<String> args = new ArrayList<>(List.of(c.getValue()));
      args.addAll(List.of("--set", sink, "--set", "file.enabled=true"));
      String err = stderr(() -> assertThat(Main.run(args.toArray(String[]::new))).as(c.getKey()).isEqualTo(2));
      assertThat(err).as(c.getKey()).startsWith(c.getKey());
      assertThat(err.strip().lines()).as(c.getKey()).hasSize(1);
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }

  private static String stdout(Runnable r) {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The final events/s of a sysbench output, read with a regex of its own. */
  static final class ReportItValues {
    static double eventsPerSecond(Path f) throws Exception {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("events per second:\\s+([0-9.]+)").matcher(Files.readString(f));
      assertThat(m.find()).isTrue();
      return Double.parseDouble(m.group(1));
    }
  }

  private static String stderr(Runnable r) {
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void missingLabelsAreAUsageError() {
    assertThat(Main.run("import", "--env", "lxc", "--run", "r", "x.txt")).isEqualTo(2);
  }
}
