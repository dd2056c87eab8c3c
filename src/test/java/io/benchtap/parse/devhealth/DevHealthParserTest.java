package io.benchtap.parse.devhealth;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.StreamParser;
import io.benchtap.parse.ToolParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Device-health behaviour. Real outputs come from {@code outputs/devhealth} (sampler output
 * captured on the build machine, see the README there); the lines written inline are the
 * examples of docs/mqtt-contract.md or deliberately malformed lines, never presented as captured.
 */
class DevHealthParserTest extends ParserContractTest {

  private final ToolParser parser = new DevHealthParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures("devhealth");
  }

  static List<Path> fixtures(String tool) {
    return outputs(tool);
  }

  /** Records reasons too, which {@link RecordingSink} drops. */
  static final class ReasonSink implements ParseSink {
    final List<Sample> samples = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();

    @Override
    public void sample(Sample sample) {
      samples.add(sample);
    }

    @Override
    public void unparsed(String line, String reason) {
      reasons.add(reason);
    }
  }

  private ReasonSink parse(String... lines) {
    ReasonSink sink = new ReasonSink();
    StreamParser stream = parser.newStream(StreamContext.EMPTY);
    for (String line : lines) {
      stream.line(line, sink);
    }
    stream.end(sink);
    return sink;
  }

  private static Sample health(String metric, double value, String unit, String... label) {
    return new Sample("health", metric, value, unit, Phase.INTERVAL,
        label.length == 0 ? Map.of() : Map.of(label[0], label[1]));
  }

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(ParserRegistry.load().find("devhealth")).containsInstanceOf(DevHealthParser.class);
  }

  @Test
  void theContractExamplesBecomeSamplesInSiUnits() {
    // the examples of docs/mqtt-contract.md, section "Device health"
    ReasonSink sink = parse("cpu_utilization_ratio 0.532", "load_average 1.25 window=1m",
        "memory_available_bytes 123456789", "memory_total_bytes 1020000000",
        "temperature_celsius 48.3 zone=thermal_zone0", "cpu_frequency_hertz 1200000000 cpu=cpu0",
        "throttled_flags 0", "network_receive_bytes_total 1234 interface=eth0",
        "network_transmit_bytes_total 5678 interface=eth0", "container_cpu_seconds_total 12.5",
        "container_memory_usage_bytes 4567890");
    assertThat(sink.reasons).isEmpty();
    assertThat(sink.samples).containsExactly(
        health("cpu_utilization_ratio", 0.532, "ratio"),
        health("load_average", 1.25, "count", "window", "1m"),
        health("memory_available_bytes", 123456789, "bytes"),
        health("memory_total_bytes", 1020000000, "bytes"),
        health("temperature_celsius", 48.3, "celsius", "zone", "thermal_zone0"),
        health("cpu_frequency_hertz", 1.2e9, "hertz", "cpu", "cpu0"),
        health("throttled_flags", 0, "count"),
        health("network_receive_bytes_total", 1234, "bytes", "interface", "eth0"),
        health("network_transmit_bytes_total", 5678, "bytes", "interface", "eth0"),
        health("container_cpu_seconds_total", 12.5, "seconds"),
        health("container_memory_usage_bytes", 4567890, "bytes"));
    assertWellFormed(sink.samples);
  }

  @Test
  void commentsBlankLinesAndExtraSpacesAreFine() {
    ReasonSink sink = parse("# sampled every 5 s", "", "   ", "  load_average\t0.5   window=15m  ",
        "#load_average 9 window=1m");
    assertThat(sink.reasons).isEmpty();
    assertThat(sink.samples).containsExactly(health("load_average", 0.5, "count", "window", "15m"));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "cpu_utilization_ratio NaN | bad number",
      "cpu_utilization_ratio nan | bad number",
      "memory_total_bytes inf | bad number",
      "memory_total_bytes 1e309 | bad number",
      "memory_total_bytes 0x10 | bad number",
      "memory_total_bytes 1_000 | bad number",
      "load_average -1.5 window=1m | negative value",
      "throttled_flags -0.001 | negative value",
      "cpu_utilization_ratio 1.5 | ratio above 1",
      "disk_read_bytes_total 12 | unknown metric",
      "Load_Average 1 window=1m | unknown metric",
      "memory_total_bytes | unrecognised line",
      "load_average 1 window=2m | bad label value",
      "load_average 1 | missing label",
      "temperature_celsius 48.3 | missing label",
      "temperature_celsius 48.3 zone= | bad label value",
      "temperature_celsius 48.3 zone=a/b | bad label value",
      "temperature_celsius 48.3 zone=abcdefghijklmnopqrstuvwxyz0123456 | bad label value",
      "network_receive_bytes_total 1 interface=eth0 vlan=7 | unknown label",
      "network_receive_bytes_total 1 device=eth0 | unknown label",
      "network_receive_bytes_total 1 interface=eth0 interface=eth1 | duplicate label",
      "memory_total_bytes 1 zone=x | unknown label",
      "memory_total_bytes 1 =x | unknown label",
      "cpu_frequency_hertz 1e9 cpu | unknown label"})
  void refusedLinesAreUnparsedWithTheirReason(String line, String reason) {
    ReasonSink sink = parse(line);
    assertThat(sink.samples).isEmpty();
    assertThat(sink.reasons).containsExactly(reason);
  }

  @Test
  void aLongLabelValueOfThirtyTwoIsFineAndAnOverlongLineIsNot() {
    String name = "abcdefghijklmnopqrstuvwxyz012345";
    assertThat(parse("network_receive_bytes_total 1 interface=" + name).samples).hasSize(1);
    assertThat(parse("memory_total_bytes 1 " + "#".repeat(300)).reasons)
        .containsExactly("line too long");
  }

  @Test
  void negativeZeroIsZero() {
    assertThat(parse("throttled_flags -0").samples)
        .containsExactly(health("throttled_flags", 0, "count"));
    assertThat(Double.doubleToRawLongBits(parse("throttled_flags -0.0").samples.get(0).value()))
        .isZero();
  }

  @Test
  void aStreamCreatesABoundedNumberOfSeries() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < DevHealthStream.MAX_SERIES + 5; i++) {
      lines.add("network_receive_bytes_total 1 interface=veth" + i);
    }
    lines.add("network_receive_bytes_total 2 interface=veth0"); // known series: still accepted
    ReasonSink sink = parse(lines.toArray(String[]::new));
    assertThat(sink.samples).hasSize(DevHealthStream.MAX_SERIES + 1);
    assertThat(sink.reasons).hasSize(5).containsOnly("too many series");
    assertThat(sink.samples.get(sink.samples.size() - 1).value()).isEqualTo(2);
  }

  @Test
  void detectionRecognisesSamplerOutputAndNothingElse() {
    for (Path file : realOutputs()) {
      List<String> head = lines(file).subList(0, Math.min(20, lines(file).size()));
      assertThat(parser.detect(head)).as("%s", file.getFileName()).isGreaterThanOrEqualTo(50);
      assertThat(ParserRegistry.load().detect(head)).as("%s", file.getFileName())
          .containsInstanceOf(DevHealthParser.class);
    }
    for (String tool : List.of("sysbench", "iperf3", "iperf", "netperf", "nuttcp", "perf", "hpl",
        "stream")) {
      for (Path file : fixtures(tool)) {
        List<String> head = lines(file).subList(0, Math.min(20, lines(file).size()));
        assertThat(parser.detect(head)).as("%s/%s", tool, file.getFileName()).isZero();
      }
    }
    assertThat(parser.detect(List.of("# only a comment"))).isZero();
    assertThat(parser.detect(List.of("load_average 1 window=1m", "hello"))).isEqualTo(50);
  }
}
