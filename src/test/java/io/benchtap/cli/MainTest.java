package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MainTest {
  @RegisterExtension
  final CapturedOutput io = new CapturedOutput();

  private String err() {
    return io.err();
  }

  @Test
  void parseNamesAMissingFileAndSaysWhyItCannotBeRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String missing = dir.resolve("nope.txt").toString();
    assertThat(Main.run("parse", missing)).isEqualTo(1);
    assertThat(err().lines()).containsExactly("benchtap parse: cannot read " + missing + ": no such file");
    io.reset();
    assertThat(Main.run("parse", dir.toString())).isEqualTo(1);
    assertThat(err().lines()).containsExactly("benchtap parse: cannot read " + dir + ": is a directory (give the files in it)");
    java.nio.file.Path locked = java.nio.file.Files.writeString(dir.resolve("locked.txt"), "x");
    // As root every file is readable: the exception the JDK throws for a mode-000 file stands in.
    assertThat(OfflineRun.unreadable(locked.toString(), new java.nio.file.AccessDeniedException(locked.toString())))
        .isEqualTo("cannot read " + locked + ": permission denied");
  }

  @Test
  void unknownFlagIsOneLineAndExitCodeTwo() {
    assertThat(Main.run("serve", "--bogus")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("benchtap serve: Unknown option: '--bogus'");
  }

  @Test
  void badValueIsOneLineAndExitCodeTwo() {
    assertThat(Main.run("serve", "--http-port", "many")).isEqualTo(2);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).contains("--http-port");
  }

  @Test
  void badConfigValueNamesTheKey() {
    assertThat(Main.run("serve", "--set", "mqtt.port=99999")).isEqualTo(2);
    assertThat(err().strip()).isEqualTo("config: mqtt.port: expected an integer 1..65535, got \"99999\"");
  }

  @Test
  void everyCommandHasHelp() {
    assertThat(Main.run("--help")).isZero();
    assertThat(Main.run("serve", "--help")).isZero();
    assertThat(Main.run("parse", "--help")).isZero();
    assertThat(io.out()).contains("Usage: benchtap serve").contains("Usage: benchtap parse");
  }

  @Test
  void unknownToolIsAUsageError() {
    assertThat(Main.run("parse", "--tool", "nosuch", "x.txt")).isEqualTo(2);
    assertThat(err()).contains("--tool: unknown tool \"nosuch\"");
  }

  @Test
  void benchInTheProductJarSaysInOneLineWhereTheLoadGeneratorWent() {
    assertThat(Main.run("bench", "--seconds", "5", "drain")).isEqualTo(2);
    assertThat(err().lines()).singleElement().asString().startsWith("benchtap bench: the load generator is not part of benchtap.jar")
        .contains("bin/bench").contains("bin/soak").contains("target/benchtap-bench.jar");
    io.reset();
    assertThat(Main.run("--help")).isZero();
    assertThat(io.out()).as("the stub is hidden").doesNotContainPattern("\\bbench\\b");
  }

  @Test
  void missingCommandIsAUsageError() {
    assertThat(Main.run(new String[0])).isEqualTo(2);
  }

  @Test
  void parsePrintsJsonLinesOfARealOutput() {
    assertThat(Main.run("parse", "src/test/resources/outputs/sysbench/sysbench10_cpu_t1.txt")).isZero();
    String json = io.out();
    assertThat(json.lines()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{").contains("\"tool\":\"sysbench\"")
        .contains("\"metric\":").contains("\"value\":").contains("\"unit\":").contains("\"phase\":").contains("\"labels\":"));
    assertThat(json).contains("\"metric\":\"events_per_second\"");
  }

  @Test
  void autoParsesBothHplAndStreamOfAnHpccOutput() {
    String f = "src/test/resources/outputs/stream/hpcc142_pkb_sample.txt";
    assertThat(Main.run("parse", "--tool", "auto", f)).isZero();
    assertThat(io.out()).contains("\"tool\":\"hpl\"").contains("\"tool\":\"stream\"")
        .contains("\"value\":5.1716E9");
  }

  @Test
  void autoTakesTheToolFromTheCommandLineWhenTheOutputDoesNotTell() {
    // netperf 2.7.0's -P 0 -- -o P50_LATENCY,P90_LATENCY,P99_LATENCY: one line of numbers, no unit
    String f = "src/test/resources/outputs/netperf/netperf_tcp_rr_p0_csv_nounit_lo.txt";
    assertThat(Main.run("parse", "--tool", "auto", f)).isEqualTo(1);
    assertThat(err()).contains("cannot tell which tool wrote this output").contains("--command");
    assertThat(Main.run("parse", "--tool", "auto", "--command",
        "stdbuf -oL /usr/bin/netperf -H 127.0.0.1 -P 0 -t TCP_RR -l 1 -- -o P50_LATENCY,P90_LATENCY,P99_LATENCY", f)).isZero();
    assertThat(io.out().lines())
        .anyMatch(l -> l.contains("\"tool\":\"netperf\"") && l.contains("\"benchmark\":\"tcp_rr\"")
            && l.contains("\"stat\":\"p99\""));
  }

  @Test
  void commandToolIsTheProgramPastWrappersAndAssignments() {
    assertThat(OfflineRun.commandTool("LC_ALL=C stdbuf -oL -eL /usr/bin/netperf -H x")).contains("netperf");
    assertThat(OfflineRun.commandTool("sysbench cpu run")).contains("sysbench");
    assertThat(OfflineRun.commandTool("  ")).isEmpty();
  }

  @Test
  void undetectableOutputSaysSo() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("garbage", ".txt");
    java.nio.file.Files.writeString(f, "hello\nworld\n");
    assertThat(Main.run("parse", f.toString())).isEqualTo(1);
    assertThat(err()).contains("cannot tell which tool wrote this output");
  }
}
