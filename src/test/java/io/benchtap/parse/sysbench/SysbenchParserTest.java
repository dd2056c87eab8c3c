package io.benchtap.parse.sysbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sysbench-specific behaviour. Real outputs come from {@code outputs/sysbench}; the few lines
 * written inline below are marked as either copied from a fixture or built from a sysbench
 * format string, never presented as captured output.
 */
class SysbenchParserTest extends ParserContractTest {

  private final ToolParser parser = new SysbenchParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("sysbench");
  }

  static Path fixture(String name) {
    return fixtures().stream().filter(f -> f.getFileName().toString().equals(name + ".txt"))
        .findFirst().orElseThrow();
  }

  private RecordingSink parse(String command, String... lines) {
    return feed(parser, command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command),
        List.of(lines));
  }

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(ParserRegistry.load().find("sysbench")).containsInstanceOf(SysbenchParser.class);
  }

  @Test
  void intervalLinesBecomeLiveMeasurements() {
    // copied from sysbench10_cpu_t2_interval.txt
    RecordingSink sink = parse("sysbench cpu --threads=2 run",
        "[ 1s ] thds: 2 eps: 6788.04 lat (ms,95%): 0.34");
    assertThat(sink.samples).containsExactly(
        Sample.of("cpu", "events_per_second", 6788.04, "per_second", Phase.INTERVAL),
        new Sample("cpu", "latency_seconds", 0.34 / 1000, "seconds", Phase.INTERVAL,
            Map.of("stat", "p95")));
  }

  @Test
  void summaryValuesAreEmittedAsSoonAsTheirLineIsRead() {
    RecordingSink sink = parse(null, "CPU speed:", "    events per second:  7734.90");
    assertThat(sink.samples).extracting(Sample::metric, Sample::phase)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("events_per_second", Phase.FINAL));
  }

  @Test
  void fatalLineMarksRunFailed() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY,
        lines(fixture("sysbench10_fileio_fatal_unprepared")));
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.failures.get(0)).contains("Cannot open file");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void nothingIsEmittedAfterAFatalLine() {
    RecordingSink sink = parse(null, "FATAL: `thread_run' function failed", "FATAL: again",
        "    total time:                          3.0017s");
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.samples).isEmpty();
  }

  @Test
  void mibPerSecondIsConvertedWithPowerOfTwo() {
    // copied from sysbench10_memory_interval.txt
    RecordingSink sink = parse(null, "[ 1s ] 12766.31 MiB/sec",
        "32372.00 MiB transferred (10782.88 MiB/sec)");
    assertThat(sink.samples).extracting(Sample::value).containsExactly(
        12766.31 * 1048576, 32372.00 * 1048576, 10782.88 * 1048576);
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("memory");
  }

  @Test
  void legacyMegabytesAreAlsoPowersOfTwo() {
    // copied from sysbench04_memory.txt and sysbench04_fileio_rndrw.txt
    RecordingSink sink = parse(null, "10240.00 MB transferred (3855.80 MB/sec)",
        "Read 179.06Mb  Written 119.38Mb  Total transferred 298.44Mb  (1018.6Kb/sec)");
    assertThat(sink.samples).extracting(Sample::value).containsExactly(
        10240.00 * 1048576, 3855.80 * 1048576, 1018.6 * 1024);
  }

  @Test
  void legacyLatencyKeepsItsPrintedUnit() {
    RecordingSink sink = parse(null, "    per-request statistics:",
        "         min:                                  4.59ms",
        "         approx.  95 percentile:               4.65ms",
        "    total time taken by event execution: 46.1087");
    assertThat(sink.samples).extracting(Sample::value, s -> s.labels().get("stat"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0.00459, "min"),
            org.assertj.core.groups.Tuple.tuple(0.00465, "p95"),
            org.assertj.core.groups.Tuple.tuple(46.1087, "sum"));
  }

  @Test
  void latencyWithoutAKnownUnitIsNotGuessed() {
    RecordingSink sink = parse(null, "         min:                                    0.22");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(1);
  }

  @Test
  void percentileLabelFollowsThePrintedPercentile() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixture("sysbench10_cpu_p99")));
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("latency_seconds"))
        .extracting(s -> s.labels().get("stat")).contains("p99").doesNotContain("p95");
  }

  @Test
  void disabledPercentileGivesNoLatencySample() {
    // built from the 1.0 interval format "thds: %u eps: %4.2f lat (ms,%u%%): %4.2f" with
    // --percentile=0, as printed by sysbench 1.0.20 here
    RecordingSink sink = parse(null, "[ 1s ] thds: 1 eps: 4054.92 lat (ms,0%): 0.00",
        "         percentile stats:               disabled");
    assertThat(sink.samples).extracting(Sample::metric).containsExactly("events_per_second");
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void badNumbersAreNeverEmitted() {
    RecordingSink sink = parse(null, "    events per second:  -nan",
        "    total time:                          infs", "    events per second:  -12.5",
        "[ 1s ] thds: 2 eps: nan lat (ms,95%): 0.34");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(4);
  }

  @Test
  void eachFinalMetricIsEmittedOnce() {
    // sysbench 1.1 prints events per second twice ("CPU speed:" and "Throughput:")
    RecordingSink sink = parse(null, "    events per second:   442.86",
        "    events/s (eps):                      442.8586",
        "    time elapsed:                        10.0009s");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("events_per_second", 442.86),
        org.assertj.core.groups.Tuple.tuple("total_time_seconds", 10.0009));
  }

  @Test
  void oltpLinesGiveTransactionsAndQueries() {
    // built from the sysbench 1.0 lua report formats ("thds: %u tps: %4.2f qps: %4.2f
    // (r/w/o: %4.2f/%4.2f/%4.2f) lat (ms,%u%%): %4.2f err/s: %4.2f reconn/s: %4.2f" and
    // "transactions: %u (%.2f per sec.)"); no MySQL server here to capture a real run
    RecordingSink sink = parse("sysbench oltp_read_write --tables=8 --threads=8 run",
        "[ 1s ] thds: 8 tps: 100.50 qps: 2010.00 (r/w/o: 1407.00/402.00/201.00) "
            + "lat (ms,95%): 5.99 err/s: 0.00 reconn/s: 0.00",
        "    transactions:                        1005   (100.50 per sec.)",
        "    queries:                             20100  (2010.00 per sec.)",
        "    ignored errors:                      0      (0.00 per sec.)");
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("oltp_read_write");
    assertThat(sink.samples).extracting(Sample::metric, Sample::phase).containsExactly(
        org.assertj.core.groups.Tuple.tuple("transactions_per_second", Phase.INTERVAL),
        org.assertj.core.groups.Tuple.tuple("queries_per_second", Phase.INTERVAL),
        org.assertj.core.groups.Tuple.tuple("latency_seconds", Phase.INTERVAL),
        org.assertj.core.groups.Tuple.tuple("transactions_per_second", Phase.FINAL),
        org.assertj.core.groups.Tuple.tuple("queries_per_second", Phase.FINAL));
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void benchmarkNameComesFromTheCommandLine() {
    assertThat(CommandLines.benchmark("sysbench cpu --threads=2 run")).contains("cpu");
    assertThat(CommandLines.benchmark("sysbench --test=cpu run")).contains("cpu");
    assertThat(CommandLines.benchmark("/usr/bin/sysbench --threads=4 "
        + "/usr/share/sysbench/oltp_read_write.lua --tables=3 run")).contains("oltp_read_write");
    assertThat(CommandLines.benchmark("sysbench --test=tests/db/oltp.lua run")).contains("oltp");
    assertThat(CommandLines.benchmark("taskset -c 0 sysbench MEMORY run")).contains("memory");
    assertThat(CommandLines.benchmark("sysbench --threads=2 run")).isEmpty();
    assertThat(CommandLines.benchmark("fio --name=x")).isEmpty();
  }

  @Test
  void benchmarkNameIsInferredFromTheOutputOtherwise() {
    assertThat(benchmarkOf("sysbench10_cpu_t1")).isEqualTo("cpu");
    assertThat(benchmarkOf("sysbench10_memory_default")).isEqualTo("memory");
    assertThat(benchmarkOf("sysbench10_fileio_seqwr")).isEqualTo("fileio");
    assertThat(benchmarkOf("sysbench04_cpu_t1")).isEqualTo("cpu");
    assertThat(benchmarkOf("sysbench05_oltp_ro_t64")).isEqualTo("oltp");
    assertThat(benchmarkOf("sysbench10_threads")).isEqualTo("unknown");
  }

  private String benchmarkOf(String fixture) {
    return feed(parser, StreamContext.EMPTY, lines(fixture(fixture))).samples.get(0).benchmark();
  }

  @Test
  void knownInformationalLinesAreIgnoredSilently() {
    for (Path f : fixtures()) {
      if (!f.getFileName().toString().contains("garbage")
          && !f.getFileName().toString().contains("midline")) {
        assertThat(feed(parser, StreamContext.EMPTY, lines(f)).unparsed)
            .as("unparsed lines of %s", f.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void truncatedSummaryEmitsWhatWasComplete() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY,
        lines(fixture("sysbench10_memory_interval_truncated_midline")));
    assertThat(sink.unparsed).containsExactly("    total number of eve");
    assertThat(sink.samples).extracting(Sample::metric).last().isEqualTo("total_time_seconds");
  }

  @Test
  void detectRecognisesBannersAndSysbenchLines() {
    assertThat(parser.detect(List.of("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)")))
        .isEqualTo(100);
    assertThat(parser.detect(List.of(
        "sysbench 0.4.12:  multi-threaded system evaluation benchmark"))).isEqualTo(100);
    assertThat(parser.detect(List.of("", "Prime numbers limit: 10000"))).isEqualTo(70);
    assertThat(parser.detect(List.of("Connecting to host 10.0.0.1, port 5201"))).isZero();
    assertThat(parser.detect(null)).isZero();
  }

  @Test
  void throughputValuesAreExact() {
    RecordingSink sink = parse(null, "    read, MiB/s:                  239.46");
    assertThat(sink.samples.get(0).value()).isCloseTo(239.46 * 1048576, within(1e-3));
    assertThat(sink.samples.get(0).labels()).containsEntry("op", "read");
  }
}
