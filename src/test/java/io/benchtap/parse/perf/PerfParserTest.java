package io.benchtap.parse.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
 * perf stat specific behaviour. Real outputs come from {@code outputs/perf}; inline lines are
 * copied from those fixtures or from the public sources named at each test.
 */
class PerfParserTest extends ParserContractTest {

  private final ToolParser parser = new PerfParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("perf");
  }

  private RecordingSink parse(String command, String... lines) {
    return feed(parser, command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command),
        List.of(lines));
  }

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(ParserRegistry.load().find("perf")).containsInstanceOf(PerfParser.class);
  }

  @Test
  void taskClockBecomesSecondsAndCpusUtilizedIsKeptAsCpus() {
    // copied from perf61_system_wide.txt / perf61_sysbench_cpu.txt
    RecordingSink sink = parse("perf stat -- sysbench cpu --time=1 run",
        "            990.92 msec task-clock                       #    0.944 CPUs utilized          ",
        "           2015.17 msec cpu-clock                        #    2.000 CPUs utilized          ");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        tuple("task_clock_seconds", 0.99092), tuple("cpus_utilized", 0.944),
        tuple("perf_event_seconds", 2.01517));
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("sysbench");
  }

  @Test
  void notSupportedAndNotCountedGiveNothingAndAreNotUnparsed() {
    // first copied from perf61_sleep.txt; second from the linux-kernel mail quoted in the README
    RecordingSink sink = parse(null, "   <not supported>      cycles",
        "     <not counted>      cpu_atom/instructions/                                                  (0.00%)",
        "<not supported>,,cycles,0,100.00,,");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void multiplexedEventsGetTheirEnabledRatioInAnyLocale() {
    // copied from public_kargjonas_main_profile_de.txt (de_DE grouping and decimal comma)
    RecordingSink sink = parse(null,
        "    11.012.810.078      cpu_core/instructions/           #    2,22  insn per cycle              (88,71%)",
        "          1.101,01 msec task-clock                       #    0,999 CPUs utilized             ");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        tuple("perf_events_total", 11012810078.0), tuple("perf_event_enabled_ratio", 0.8871),
        tuple("task_clock_seconds", 1.10101), tuple("cpus_utilized", 0.999));
  }

  @Test
  void englishGroupingIsRemoved() {
    // from the sample output in linux tools/perf/builtin-stat.c ("41,190 context-switches")
    RecordingSink sink = parse(null,
        "     5,205,202,243 cycles                    #    3.046 GHz");
    assertThat(sink.samples).extracting(Sample::value).containsExactly(5205202243.0);
  }

  @Test
  void intervalAndCsvLinesAreLive() {
    // copied from perf61_interval_500.txt and perf61_csv_interval_500.txt
    RecordingSink sink = parse(null,
        "     0.500800763                 13      context-switches                 #   26.439 /sec                   ",
        "     0.501139571,471.49,msec,task-clock,471486734,100.00,0.943,CPUs utilized");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value, Sample::phase).containsExactly(
        tuple("perf_events_total", 13.0, Phase.INTERVAL),
        tuple("task_clock_seconds", 0.47149, Phase.INTERVAL),
        tuple("cpus_utilized", 0.943, Phase.INTERVAL));
  }

  @Test
  void oldCsvClockEventsWithoutUnitAreMilliseconds() {
    // perf 4.x `perf stat -x, true` in a VirtualBox VM, pasted in raptorjit/raptorjit issue 159
    // (outputs/perf/public_raptorjit_csv_not_supported_vbox.txt): task-clock 0.327422 msec
    // (run time 327422 ns), empty unit field; the cpu-clock:u line is built from that perf's
    // nsec_printout format ("%.6f" msec, the event's empty unit)
    RecordingSink sink = parse("perf stat -x, true",
        "0.327422,,task-clock,327422,100.00",
        "40,,page-faults,327422,100.00",
        "2.500000,,cpu-clock:u,2500000,100.00");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        tuple("task_clock_seconds", 0.000327422), tuple("perf_events_total", 40.0),
        tuple("perf_event_seconds", 0.0025));
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("true");
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void perCpuColumnBecomesALabel() {
    // copied from perf61_per_cpu.txt
    RecordingSink sink = parse("perf stat -a -A -- sleep 0.5",
        "CPU1                   508.37 msec cpu-clock                        #    1.000 CPUs utilized          ");
    assertThat(sink.samples.get(0).labels()).isEqualTo(Map.of("cpu", "CPU1", "event", "cpu-clock"));
  }

  @Test
  void footerGivesElapsedAndCpuTimes() {
    // copied from perf61_repeat3.txt and perf61_sleep.txt
    RecordingSink sink = parse(null, "           1.03381 +- 0.00343 seconds time elapsed  ( +-  0.33% )",
        "       0.003645000 seconds user");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        tuple("total_time_seconds", 1.03381), tuple("cpu_time_seconds", 0.003645));
  }

  @Test
  void eventSyntaxErrorFailsTheRunAndSilencesTheUsageText() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixtures().stream()
        .filter(f -> f.getFileName().toString().equals("perf61_bad_event.txt")).findFirst()
        .orElseThrow()));
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.samples).isEmpty();
  }

  @Test
  void eventLabelsAreBounded() {
    String longEvent = "cpu/event=0x3c,umask=0x0,name=" + "x".repeat(80) + "/";
    RecordingSink sink = parse(null, "       12      " + longEvent.replace(",", "_"));
    assertThat(sink.samples.get(0).labels().get("event")).hasSizeLessThanOrEqualTo(64)
        .matches("[A-Za-z0-9_.:/-]+");
  }

  @Test
  void detectsItsOwnOutputOnly() {
    assertThat(parser.detect(List.of(" Performance counter stats for 'sleep 1':"))).isEqualTo(100);
    assertThat(parser.detect(List.of("3.42,msec,task-clock,3424857,100.00,0.003,CPUs utilized")))
        .isEqualTo(90);
    // perf 4.x CSV stops after the enabled percentage (raptorjit/raptorjit issue 159)
    assertThat(parser.detect(List.of("0.327422,,task-clock,327422,100.00"))).isEqualTo(90);
    assertThat(parser.detect(List.of("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)",
        " 7392.1843 MB /   3.00 sec = 20668.7709 Mbps 81 %TX 46 %RX 0 retrans 0.13 msRTT"))).isZero();
  }
}
