package io.benchtap.parse.hpl;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HPL / HPCC / linpack.c behaviour. Real outputs come from {@code outputs/hpl}; lines written
 * inline are copied from those fixtures unless marked otherwise.
 */
class HplParserTest extends ParserContractTest {

  private final ToolParser parser = new HplParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("hpl");
  }

  private RecordingSink fixture(String name) {
    return feed(parser, StreamContext.EMPTY, lines(fixtures().stream()
        .filter(f -> f.getFileName().toString().equals(name + ".txt")).findFirst().orElseThrow()));
  }

  private RecordingSink parse(String... lines) {
    return feed(parser, StreamContext.EMPTY, List.of(lines));
  }

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(ParserRegistry.load().find("hpl")).containsInstanceOf(HplParser.class);
  }

  @Test
  void resultRowIsLiveAndBestRowBecomesFinalGflopsTimesE9() {
    // copied from hpl21_siliconx_asc.txt
    RecordingSink sink = parse(
        "WC23C2C4       35000   256     1     1              16.66            1.71587e+03",
        "||Ax-b||_oo/(eps*(||A||_oo*||x||_oo+||b||_oo)*N)=        0.0041314 ...... PASSED",
        "Finished      1 tests with the following results:");
    Map<String, String> row = Map.of("tv", "WC23C2C4", "n", "35000", "nb", "256", "p", "1",
        "q", "1");
    assertThat(sink.samples).containsExactly(
        new Sample("hpl", "flops_per_second", 1.71587e12, "per_second", Phase.INTERVAL, row),
        new Sample("hpl", "total_time_seconds", 16.66, "seconds", Phase.INTERVAL, row),
        new Sample("hpl", "hpl_scaled_residual_ratio", 0.0041314, "ratio", Phase.INTERVAL, row),
        Sample.of("hpl", "flops_per_second", 1.71587e12, "per_second", Phase.FINAL),
        Sample.of("hpl", "total_time_seconds", 16.66, "seconds", Phase.FINAL),
        Sample.of("hpl", "hpl_scaled_residual_ratio", 0.0041314, "ratio", Phase.FINAL));
  }

  @Test
  void bestOfSeveralTestsIsTheFinalValue() {
    RecordingSink sink = fixture("hpcc150_n500_1000_nb40_80");
    assertThat(sink.samples).filteredOn(s -> s.phase() == Phase.FINAL
        && s.metric().equals("flops_per_second")).extracting(Sample::value).containsExactly(5.838e9);
    assertThat(sink.samples).filteredOn(s -> s.phase() == Phase.INTERVAL
        && s.metric().equals("flops_per_second")).hasSize(8);
  }

  @Test
  void everyRowOfAnHplDatWithSeveralValuesIsASeriesOfItsOwn() {
    // N 500 1000, NB 40 80, PFACT Left Right: eight rows, T/V codes WR11C2L4 and WR11C2R4 repeat
    List<Sample> rows = fixture("hpcc150_n500_1000_nb40_80").samples.stream()
        .filter(s -> s.phase() == Phase.INTERVAL && s.metric().equals("flops_per_second")).toList();
    assertThat(rows).extracting(Sample::labels).doesNotHaveDuplicates().hasSize(8);
    assertThat(rows).extracting(s -> s.labels().get("tv")).containsOnly("WR11C2L4", "WR11C2R4");
    // WR11C2R4         500    80     1     1               0.02              3.958e+00
    assertThat(rows).filteredOn(s -> s.labels().equals(Map.of("tv", "WR11C2R4", "n", "500",
        "nb", "80", "p", "1", "q", "1"))).singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(3.958e9));
    // its residual line carries the same labels
    assertThat(fixture("hpcc150_n500_1000_nb40_80").samples).filteredOn(s ->
        s.metric().equals("hpl_scaled_residual_ratio") && s.phase() == Phase.INTERVAL)
        .extracting(Sample::labels).containsExactlyElementsOf(rows.stream().map(Sample::labels).toList());
  }

  @Test
  void failedResidualCheckFailsTheRun() {
    RecordingSink sink = fixture("hpcc150_residual_failed");
    assertThat(sink.failures).containsExactly("HPL residual check FAILED");
    assertThat(sink.samples).noneMatch(s -> s.phase() == Phase.FINAL);
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void mpiBadTerminationFailsTheRunAndKeepsEarlierRows() {
    RecordingSink sink = fixture("hpl23_kish29_interrupted");
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.failures.get(0)).contains("BAD TERMINATION");
    assertThat(sink.samples).hasSize(9).allMatch(s -> s.phase() == Phase.INTERVAL);
  }

  @Test
  void hpccOtherSectionsAreSkippedSilently() {
    RecordingSink sink = fixture("hpcc150_n1000_p1q1");
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("hpl");
    assertThat(sink.samples).noneMatch(s -> s.metric().contains("stream")
        || s.metric().contains("bandwidth"));
  }

  @Test
  void hpccSummaryTflopsIsUsedWhenNoTableWasRead() {
    // HPL_Tflops/HPL_time copied from hpcc150_n1000_p1q1.txt, without its HPL section
    RecordingSink sink = parse("Begin of Summary section.", "VersionMajor=1",
        "HPL_Tflops=0.00574435", "HPL_time=0.116317", "End of Summary section.");
    assertThat(sink.samples).containsExactly(
        Sample.of("hpl", "flops_per_second", 5.74435e9, "per_second", Phase.FINAL),
        Sample.of("hpl", "total_time_seconds", 0.116317, "seconds", Phase.FINAL));
  }

  @Test
  void linpackKflopsTimesE3LastRowIsFinal() {
    RecordingSink sink = fixture("linpack_cheb57_rpi_native");
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("linpack");
    assertThat(sink.samples).last().isEqualTo(new Sample("linpack", "flops_per_second",
        48160731.0, "per_second", Phase.FINAL, Map.of("array_size", "200")));
    assertThat(sink.samples).allMatch(s -> s.labels().equals(Map.of("array_size", "200")));
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void everyLinpackTableKeepsItsFinalValue() {
    // linpack.c asks for one array size after the other: the real run, then the same prompt and
    // table again for a size of 100 (lines built from main.c's printf formats: "Array size %d X
    // %d.", "%8ld %6.2f %6.2f%% %6.2f%% %6.2f%%  %9.3f"); no public output with two tables found
    List<String> lines = new ArrayList<>(lines(fixtures().stream()
        .filter(f -> f.getFileName().toString().equals("linpack_cheb57_rpi_native.txt"))
        .findFirst().orElseThrow()));
    lines.addAll(List.of("Enter array size (q to quit) [200]:  ", "Memory required:  79K.", "", "",
        "LINPACK benchmark, Double precision.", "Machine precision:  15 digits.",
        "Array size 100 X 100.", "Average rolled and unrolled performance:", "",
        "    Reps Time(s) DGEFA   DGESL  OVERHEAD    KFLOPS",
        "----------------------------------------------------",
        "     128   2.01  88.00%   4.00%   8.00%  46000.000",
        "     256   4.02  88.00%   4.00%   8.00%  46500.000", ""));
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines);
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.samples).filteredOn(s -> s.phase() == Phase.FINAL).containsExactly(
        new Sample("linpack", "flops_per_second", 48160731.0, "per_second", Phase.FINAL,
            Map.of("array_size", "200")),
        new Sample("linpack", "flops_per_second", 46500000.0, "per_second", Phase.FINAL,
            Map.of("array_size", "100")));
  }

  @Test
  void garbageInsideHplOutputIsUnparsedAndValuesUnchanged() {
    assertThat(fixture("hpl21_siliconx_asc_garbage").unparsed).hasSize(3);
    assertThat(fixture("hpl21_siliconx_asc_garbage").samples)
        .isEqualTo(fixture("hpl21_siliconx_asc").samples);
  }

  @Test
  void badNumbersAreNeverEmitted() {
    RecordingSink sink = parse(
        "WR11C2R4        1000    80     1     1               nan              5.744e+00",
        "WR11C2R4        1000    80     1     1               0.12              -5.744e+00",
        "||Ax-b||_oo/(eps*(||A||_oo*||x||_oo+||b||_oo)*N)=        inf ...... PASSED");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(3);
  }

  @Test
  void benchmarkNameComesFromTheCommandLine() {
    assertThat(HplParser.benchmark("mpirun -np 4 ./xhpl")).contains("hpl");
    assertThat(HplParser.benchmark("mpirun --allow-run-as-root -np 1 hpcc")).contains("hpl");
    assertThat(HplParser.benchmark("./linpack")).contains("linpack");
    assertThat(HplParser.benchmark("stream")).isEmpty();
  }

  @Test
  void detectPrefersHplForHpccAndLinpackOutput() {
    assertThat(parser.detect(List.of(
        "HPLinpack 2.3  --  High-Performance Linpack benchmark  --   December 2, 2018")))
        .isEqualTo(100);
    assertThat(parser.detect(List.of(
        "This is the DARPA/DOE HPC Challenge Benchmark version 1.5.0 October 2012")))
        .isEqualTo(90);
    assertThat(parser.detect(List.of("LINPACK benchmark, Double precision."))).isEqualTo(90);
    assertThat(parser.detect(List.of("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)")))
        .isZero();
    assertThat(parser.detect(List.of("Function    Best Rate MB/s  Avg time     Min time     Max time")))
        .isZero();
    assertThat(parser.detect(null)).isZero();
  }
}
