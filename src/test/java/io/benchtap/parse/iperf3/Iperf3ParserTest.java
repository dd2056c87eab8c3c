package io.benchtap.parse.iperf3;

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
 * iperf3-specific behaviour. Real outputs come from {@code outputs/iperf3}; lines written inline
 * below are either copied from a fixture (said so) or built from an iperf3 format, never presented
 * as captured output.
 */
class Iperf3ParserTest extends ParserContractTest {

  private final ToolParser parser = new Iperf3Parser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("iperf3");
  }

  private static Path fixture(String name) {
    return fixtures().stream().filter(p -> p.getFileName().toString().equals(name + ".txt"))
        .findFirst().orElseThrow();
  }

  private RecordingSink parse(String command, List<String> lines) {
    return feed(parser, command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command),
        lines);
  }

  private static Sample only(List<Sample> samples, String metric, Phase phase,
      Map<String, String> labels) {
    List<Sample> found = samples.stream().filter(s -> s.metric().equals(metric)
        && s.phase() == phase && s.labels().equals(labels)).toList();
    assertThat(found).as("%s %s %s", metric, phase, labels).hasSize(1);
    return found.get(0);
  }

  @Test
  void isRegisteredUnderItsToolName() {
    assertThat(ParserRegistry.load().find("iperf3")).containsInstanceOf(Iperf3Parser.class);
  }

  @Test
  void sumLineIsTheUnlabelledHeadlineAndStreamsCarryTheirOrdinal() {
    RecordingSink sink = parse(null, lines(fixture("iperf3_tcp_p4_client")));
    // [SUM]   0.00-3.00   sec  3.86 GBytes  11.0 Gbits/sec    9             sender
    assertThat(only(sink.samples, "throughput_bytes_per_second", Phase.FINAL,
        Map.of("direction", "sender")).value()).isEqualTo(11.0e9 / 8);
    assertThat(only(sink.samples, "retransmits_total", Phase.FINAL,
        Map.of("direction", "sender")).value()).isEqualTo(9);
    // [ 12]   0.00-3.00   sec   976 MBytes  2.73 Gbits/sec    4             sender: the fourth
    // socket (5, 7, 9, 12) is stream 4
    assertThat(only(sink.samples, "transferred_bytes", Phase.FINAL,
        Map.of("direction", "sender", "stream", "4")).value()).isEqualTo(976.0 * 1048576);
    assertThat(sink.samples).allMatch(s -> s.benchmark().equals("tcp"));
  }

  @Test
  void streamLabelDoesNotDependOnTheSocketIdsARunGot() {
    for (String name : List.of("iperf3_tcp_p4_client", "iperf3_tcp_bidir_p2_client",
        "iperf3_tcp_p2_json", "iperf3_udp_p2_server")) {
      List<String> real = lines(fixture(name));
      // the same output with other descriptors, as another run or machine prints it
      List<String> renumbered = real.stream().map(l -> l.replaceAll("\\[\\s*(\\d+)\\]", "[ 4$1]")
          .replaceAll("\"socket\":\\s*(\\d+)", "\"socket\": 4$1")).toList();
      assertThat(renumbered).as(name).isNotEqualTo(real);
      List<Sample> samples = parse(null, real).samples;
      assertThat(parse(null, renumbered).samples).as(name).isEqualTo(samples);
      assertThat(samples).as(name).filteredOn(s -> s.labels().containsKey("stream"))
          .isNotEmpty().allMatch(s -> s.labels().get("stream").matches("[1-4]"));
    }
  }

  @Test
  void bidirStreamsAreCountedPerRole() {
    // [  5][TX-C] [  7][TX-C] [  9][RX-C] [ 12][RX-C]: 1 and 2 in each role
    RecordingSink sink = parse(null, lines(fixture("iperf3_tcp_bidir_p2_client")));
    assertThat(only(sink.samples, "throughput_bytes_per_second", Phase.FINAL,
        Map.of("direction", "receiver", "stream", "2", "role", "rx_c")).value())
        .isEqualTo(4.71e9 / 8);
    assertThat(sink.samples).extracting(s -> s.labels().get("stream")).containsOnly(null, "1", "2");
  }

  @Test
  void aServerCountsStreamsFromOneInEachTest() {
    // iperf3 -s without -1 prints one test after the other; the second one here is the same
    // output with other descriptors ([  5], [  6] -> [ 15], [ 16]), as a later test gets them
    List<String> first = lines(fixture("iperf3_udp_p2_server"));
    List<String> lines = new ArrayList<>(first);
    first.stream().map(l -> l.replaceAll("\\[\\s*(\\d+)\\]", "[ 1$1]")).forEach(lines::add);
    RecordingSink sink = parse(null, lines);
    assertThat(sink.samples).extracting(s -> s.labels().get("stream")).containsOnly(null, "1", "2");
    assertThat(sink.samples).filteredOn(s -> s.phase() == Phase.INTERVAL).hasSize(2 * (int)
        parse(null, first).samples.stream().filter(s -> s.phase() == Phase.INTERVAL).count());
  }

  @Test
  void singleStreamValuesHaveNoStreamLabel() {
    RecordingSink sink = parse(null, lines(fixture("iperf3_tcp_client")));
    assertThat(sink.samples).noneMatch(s -> s.labels().containsKey("stream"));
    assertThat(sink.samples.get(0).phase()).isEqualTo(Phase.INTERVAL);
    assertThat(sink.samples.get(0).value()).isEqualTo(14.1e9 / 8);
  }

  @Test
  void udpReceiverLineGivesJitterAndLoss() {
    RecordingSink sink = parse(null, lines(fixture("iperf3_udp_p2_client")));
    Map<String, String> l = Map.of("direction", "receiver");
    assertThat(only(sink.samples, "jitter_seconds", Phase.FINAL, l).value()).isEqualTo(0.000006);
    assertThat(only(sink.samples, "datagrams_total", Phase.FINAL, l).value()).isEqualTo(2290);
    assertThat(only(sink.samples, "datagrams_lost_ratio", Phase.FINAL, l).value()).isZero();
  }

  @Test
  void bidirLinesCarryTheirRole() {
    RecordingSink sink = parse(null, lines(fixture("iperf3_tcp_bidir_p2_client")));
    assertThat(only(sink.samples, "throughput_bytes_per_second", Phase.FINAL,
        Map.of("direction", "sender", "role", "rx_c")).value()).isEqualTo(9.36e9 / 8);
    assertThat(only(sink.samples, "throughput_bytes_per_second", Phase.FINAL,
        Map.of("direction", "sender", "role", "tx_c")).value()).isEqualTo(7.06e9 / 8);
  }

  @Test
  void verboseCpuLineGivesLocalAndRemoteRatios() {
    RecordingSink sink = parse(null, lines(fixture("iperf3_tcp_verbose_client")));
    assertThat(only(sink.samples, "cpu_utilization_ratio", Phase.FINAL,
        Map.of("side", "local")).value()).isEqualTo(0.357);
    assertThat(only(sink.samples, "cpu_utilization_ratio", Phase.FINAL,
        Map.of("side", "remote")).value()).isEqualTo(0.675);
  }

  @Test
  void jsonDocumentIsEmittedWhenItCloses() {
    List<String> lines = lines(fixture("iperf3_tcp_json"));
    RecordingSink partial = parse(null, lines.subList(0, lines.size() - 1));
    assertThat(partial.samples).isEmpty();
    RecordingSink sink = parse(null, lines);
    assertThat(only(sink.samples, "throughput_bytes_per_second", Phase.FINAL,
        Map.of("direction", "sender")).value()).isEqualTo(13071362971.105621 / 8);
    assertThat(only(sink.samples, "cpu_utilization_ratio", Phase.FINAL,
        Map.of("side", "remote")).value()).isEqualTo(0.85895204553489876);
    assertThat(sink.samples.stream().filter(s -> s.phase() == Phase.INTERVAL)).hasSize(9);
  }

  @Test
  void truncatedJsonDocumentIsOneUnparsedReport() {
    RecordingSink sink = parse(null, lines(fixture("iperf3_tcp_json_truncated")));
    assertThat(sink.unparsed).containsExactly("{");
    assertThat(sink.samples).isEmpty();
  }

  @Test
  void strayBraceLineDoesNotSwallowTheTextAfterIt() {
    List<String> lines = new ArrayList<>(lines(fixture("iperf3_tcp_client")));
    lines.add(3, "{");
    RecordingSink sink = parse(null, lines);
    assertThat(sink.unparsed).containsExactly("{");
    assertThat(sink.samples).hasSize(parse(null, lines(fixture("iperf3_tcp_client"))).samples.size());
  }

  @Test
  void oversizedJsonDocumentIsDroppedAndSkipped() {
    List<String> lines = new ArrayList<>();
    lines.add("{");
    lines.add("\t\"start\":\t{");
    String filler = "\t\t\"cookie\":\t\"" + "x".repeat(1000) + "\",";
    for (int i = 0; i < 9000; i++) {
      lines.add(filler);
    }
    lines.add("\t\t\"version\":\t\"iperf 3.12\"");
    lines.add("\t}");
    lines.add("}");
    lines.add("iperf3: error - the server is busy running a test. try again later");
    RecordingSink sink = parse(null, lines);
    assertThat(sink.unparsed).containsExactly("{");
    assertThat(sink.failures).hasSize(1);
  }

  @Test
  void errorLineFailsTheRunOnceAndStopsEmission() {
    List<String> lines = new ArrayList<>(lines(fixture("iperf3_refused")));
    lines.add("iperf3: error - unable to connect to server: Connection refused");
    // a data line copied from iperf3_tcp_client.txt after the failure is not emitted
    lines.add("[  5]   0.00-1.00   sec  1.64 GBytes  14.1 Gbits/sec    5    895 KBytes       ");
    RecordingSink sink = parse(null, lines);
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.failures.get(0)).contains("Connection refused");
    assertThat(sink.samples).isEmpty();
  }

  @Test
  void jsonErrorDocumentAndErrorEventFailTheRun() {
    assertThat(parse(null, lines(fixture("iperf3_refused_json"))).failures).hasSize(1);
    // built from the --json-stream event framing {"event":..., "data":...}
    RecordingSink sink = parse(null,
        List.of("{\"event\":\"error\",\"data\":\"unable to connect to server: Connection refused\"}"));
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void jsonStreamEventsAreEmittedLive() {
    List<String> lines = lines(fixture("iperf3_jsonstream_derived_udp"));
    RecordingSink afterTwo = parse(null, lines.subList(0, 2));
    assertThat(afterTwo.samples).isNotEmpty().allMatch(s -> s.phase() == Phase.INTERVAL)
        .allMatch(s -> s.benchmark().equals("udp"));
  }

  @Test
  void commandLineNamesTheBenchmark() {
    RecordingSink sink = parse("iperf3 -c 127.0.0.1 -u -b 100M",
        lines(fixture("iperf3_udp_client")));
    assertThat(sink.samples).allMatch(s -> s.benchmark().equals("udp"));
    assertThat(Iperf3Parser.benchmark("sysbench cpu run")).isEmpty();
    assertThat(Iperf3Parser.benchmark("/usr/bin/iperf3 -c h -P 4")).contains("tcp");
  }

  @Test
  void detectRecognisesIperf3AndNotOthers() {
    assertThat(parser.detect(lines(fixture("iperf3_tcp_client")).subList(0, 3))).isEqualTo(97);
    assertThat(parser.detect(lines(fixture("iperf3_tcp_json")).subList(0, 15))).isEqualTo(97);
    // iperf3 3.1.3 shares iperf 2's table header (95 for iperf 2): its own connect line wins
    List<String> old = lines(fixture("iperf3_313_windows_tcp_doc")).subList(0, 4);
    assertThat(parser.detect(old)).isGreaterThan(new io.benchtap.parse.iperf.IperfParser().detect(old));
    assertThat(parser.detect(List.of("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)"))).isZero();
    // iperf 2 banner (from outputs/iperf/iperf_tcp_i1_client.txt)
    assertThat(parser.detect(List.of("Client connecting to 127.0.0.1, TCP port 15001"))).isZero();
    assertThat(parser.detect(null)).isZero();
  }
}
