package io.benchtap.parse.stream;

import static org.assertj.core.api.Assertions.assertThat;

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
 * STREAM behaviour. Real outputs come from {@code outputs/stream}; the lmbench lines below are
 * built from lmbench's format strings ({@code nano()}: {@code "%s: %.2f nanoseconds\n"}, {@code
 * mb()}: {@code "%.2f MB/sec\n"} after {@code "STREAM copy bandwidth: "}, intel/lmbench
 * src/lib_timing.c and src/stream.c) with values from a public lmbench results listing (see the
 * fixtures README): no lmbench run could be captured here.
 */
class StreamParserTest extends ParserContractTest {

  private final ToolParser parser = new StreamToolParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("stream");
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
    assertThat(ParserRegistry.load().find("stream")).containsInstanceOf(StreamToolParser.class);
  }

  @Test
  void streamCMegabytesArePowersOfTen() {
    // copied from stream510_daizhiyuan_omp.txt
    RecordingSink sink = parse("Function    Best Rate MB/s  Avg time     Min time     Max time",
        "Copy:           90014.1     0.031581     0.014220     0.050416");
    assertThat(sink.samples).containsExactly(
        new Sample("stream", "memory_bandwidth_bytes_per_second", 90014.1e6, "bytes_per_second",
            Phase.FINAL, Map.of("op", "copy")),
        new Sample("stream", "stream_time_seconds", 0.031581, "seconds", Phase.FINAL,
            Map.of("op", "copy", "stat", "avg")),
        new Sample("stream", "stream_time_seconds", 0.014220, "seconds", Phase.FINAL,
            Map.of("op", "copy", "stat", "min")),
        new Sample("stream", "stream_time_seconds", 0.050416, "seconds", Phase.FINAL,
            Map.of("op", "copy", "stat", "max")));
  }

  @Test
  void rowWithoutHeaderHasNoKnownUnit() {
    RecordingSink sink = parse("Copy:           90014.1     0.031581     0.014220     0.050416");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(1);
  }

  @Test
  void hpccGigabytesAndModeLabel() {
    RecordingSink sink = fixture("hpcc150_n1000_p1q1");
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.samples).filteredOn(s -> s.metric().startsWith("memory"))
        .extracting(Sample::value, s -> s.labels().get("mode"), s -> s.labels().get("op"))
        .startsWith(org.assertj.core.groups.Tuple.tuple(94.7002e9, "star", "copy"))
        .contains(org.assertj.core.groups.Tuple.tuple(74.1179e9, "single", "triad"));
  }

  @Test
  void lmbenchStreamAndStream2() {
    RecordingSink sink = parse("STREAM copy latency: 0.77 nanoseconds",
        "STREAM copy bandwidth: 20739.66 MB/sec", "STREAM2 daxpy latency: 0.78 nanoseconds",
        "STREAM2 daxpy bandwidth: 30607.36 MB/sec");
    assertThat(sink.samples).containsExactly(
        new Sample("stream", "stream_latency_seconds", 0.77e-9, "seconds", Phase.FINAL,
            Map.of("op", "copy")),
        new Sample("stream", "memory_bandwidth_bytes_per_second", 20739.66e6, "bytes_per_second",
            Phase.FINAL, Map.of("op", "copy")),
        new Sample("stream2", "stream_latency_seconds", 0.78e-9, "seconds", Phase.FINAL,
            Map.of("op", "daxpy")),
        new Sample("stream2", "memory_bandwidth_bytes_per_second", 30607.36e6,
            "bytes_per_second", Phase.FINAL, Map.of("op", "daxpy")));
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void failedValidationFailsTheRun() {
    // built from stream.c's format "Failed Validation on array a[], AvgRelAbsErr > epsilon (%e)"
    RecordingSink sink = parse("Function    Best Rate MB/s  Avg time     Min time     Max time",
        "Failed Validation on array a[], AvgRelAbsErr > epsilon (1.000000e-13)",
        "Copy:           90014.1     0.031581     0.014220     0.050416");
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.samples).isEmpty();
  }

  @Test
  void truncatedRowIsUnparsedAndEarlierRowsKept() {
    RecordingSink sink = fixture("stream510_default_truncated_midrow");
    assertThat(sink.unparsed).hasSize(1);
    assertThat(sink.samples).extracting(s -> s.labels().get("op")).containsOnly("copy", "scale");
  }

  @Test
  void benchmarkNameFromCommandLine() {
    assertThat(StreamToolParser.benchmark("./stream")).contains("stream");
    assertThat(StreamToolParser.benchmark("numactl -C 0 ./stream -v 2 -M 200M -P 1"))
        .contains("stream2");
    assertThat(StreamToolParser.benchmark("/usr/lib/lmbench/bin/stream -P 1 -M 1024M -N 5"))
        .contains("stream");
    assertThat(StreamToolParser.benchmark("xhpl")).isEmpty();
  }

  @Test
  void detect() {
    assertThat(parser.detect(List.of("STREAM version $Revision: 5.10 $"))).isEqualTo(100);
    assertThat(parser.detect(List.of("STREAM copy latency: 0.77 nanoseconds"))).isEqualTo(100);
    assertThat(parser.detect(List.of(
        "This is the DARPA/DOE HPC Challenge Benchmark version 1.5.0 October 2012"))).isEqualTo(40);
    assertThat(parser.detect(List.of("LINPACK benchmark, Double precision."))).isZero();
    assertThat(parser.detect(null)).isZero();
  }
}
