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
  void missingLabelsAreAUsageError() {
    assertThat(Main.run("import", "--env", "lxc", "--run", "r", "x.txt")).isEqualTo(2);
  }
}
