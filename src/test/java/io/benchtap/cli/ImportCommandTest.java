package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill into the line-protocol file sink (the InfluxDB path is covered by ImportIT). */
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
    List<String> lines = Files.readAllLines(lp);
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l)
        .startsWith("sysbench,benchmark=cpu,device=archc7,env=lxc,instance=1,net=veth,"));
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
