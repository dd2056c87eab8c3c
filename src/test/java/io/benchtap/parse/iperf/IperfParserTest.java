package io.benchtap.parse.iperf;

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
 * iperf 2 specific behaviour. Real outputs come from {@code outputs/iperf}; lines written inline
 * below are copied from a fixture (said so), never presented as captured output.
 */
class IperfParserTest extends ParserContractTest {

  private final ToolParser parser = new IperfParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("iperf");
  }

  private static List<String> fixture(String name) {
    return lines(fixtures().stream()
        .filter(p -> p.getFileName().toString().equals(name + ".txt")).findFirst().orElseThrow());
  }

  private RecordingSink parse(String command, List<String> lines) {
    return feed(parser, command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command),
        lines);
  }

  private static List<Sample> throughput(RecordingSink sink) {
    return sink.samples.stream().filter(s -> s.metric().equals("throughput_bytes_per_second"))
        .toList();
  }

  @Test
  void isRegisteredUnderItsToolName() {
    assertThat(ParserRegistry.load().find("iperf")).containsInstanceOf(IperfParser.class);
  }

  @Test
  void firstZeroStartLineWaitsForTheNextLineWithoutCommandLine() {
    List<String> lines = fixture("iperf_tcp_i1_client");
    // up to and including "[  1] 0.0000-1.0000 sec  1.93 GBytes  16.6 Gbits/sec"
    List<String> head = lines.subList(0, 7);
    RecordingSink partial = new RecordingSink();
    var stream = parser.newStream(StreamContext.EMPTY);
    head.forEach(l -> stream.line(l, partial));
    assertThat(partial.samples).isEmpty();
    stream.line(lines.get(7), partial);
    assertThat(throughput(partial)).extracting(Sample::phase)
        .containsExactly(Phase.INTERVAL, Phase.INTERVAL);
    RecordingSink all = parse(null, lines);
    assertThat(throughput(all)).extracting(Sample::phase).containsExactly(Phase.INTERVAL,
        Phase.INTERVAL, Phase.INTERVAL, Phase.FINAL);
    assertThat(throughput(all).get(3).value()).isEqualTo(15.5e9 / 8);
  }

  @Test
  void commandLineWithIntervalEmitsTheFirstIntervalAtOnce() {
    RecordingSink sink = parse("iperf -c 127.0.0.1 -t 3 -i 1",
        fixture("iperf_tcp_i1_client").subList(0, 7));
    assertThat(throughput(sink)).extracting(Sample::phase).containsExactly(Phase.INTERVAL);
  }

  @Test
  void withoutIntervalsTheOnlyLineIsTheSummary() {
    RecordingSink sink = parse(null, fixture("iperf_tcp_noint_client"));
    assertThat(throughput(sink)).singleElement()
        .satisfies(s -> assertThat(s.phase()).isEqualTo(Phase.FINAL))
        .satisfies(s -> assertThat(s.value()).isEqualTo(13.8e9 / 8))
        .satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("direction", "sender")));
  }

  @Test
  void udpServerReportIsTheReceiverSummary() {
    RecordingSink sink = parse(null, fixture("iperf_udp_client"));
    List<Sample> receiver = sink.samples.stream()
        .filter(s -> "receiver".equals(s.labels().get("direction"))).toList();
    assertThat(receiver).extracting(Sample::metric).containsExactly("throughput_bytes_per_second",
        "transferred_bytes", "jitter_seconds", "datagrams_lost_total", "datagrams_total",
        "datagrams_lost_ratio");
    assertThat(receiver.get(2).value()).isEqualTo(0.000001);
    assertThat(receiver.get(4).value()).isEqualTo(26752);
    assertThat(sink.samples).allMatch(s -> s.benchmark().equals("udp"));
  }

  @Test
  void parallelSumIsTheHeadlineAndStreamsAreLabelled() {
    RecordingSink sink = parse(null, fixture("iperf_tcp_p4_client"));
    List<Sample> finals = throughput(sink).stream().filter(s -> s.phase() == Phase.FINAL).toList();
    assertThat(finals).hasSize(5);
    assertThat(finals.get(4).labels()).isEqualTo(Map.of("direction", "sender"));
    assertThat(finals.get(4).value()).isEqualTo(17.3e9 / 8);
    assertThat(finals.subList(0, 4)).allMatch(s -> s.labels().containsKey("stream"));
  }

  @Test
  void enhancedClientGivesRetransmits() {
    RecordingSink sink = parse(null, fixture("iperf_tcp_p4_enh_client"));
    // [SUM] 0.0000-3.0061 sec  9.88 GBytes  28.2 Gbits/sec  80946/0        89
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("retransmits_total")
        && !s.labels().containsKey("stream")).singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(89));
  }

  @Test
  void reverseAndDualDirectionsFollowTheSide() {
    assertThat(throughput(parse(null, fixture("iperf_tcp_reverse_client"))))
        .allMatch(s -> s.labels().get("direction").equals("receiver"));
    assertThat(throughput(parse(null, fixture("iperf_tcp_reverse_server"))))
        .allMatch(s -> s.labels().get("direction").equals("sender"));
    // [  1] is the connection the server receives on, [ *2] the one it sends back on; each is the
    // first (and only) connection of its direction, so both are stream 1
    RecordingSink dual = parse(null, fixture("iperf_tcp_dual_server"));
    assertThat(throughput(dual)).filteredOn(s -> s.labels().containsKey("stream"))
        .hasSize(8).allMatch(s -> s.labels().get("stream").equals("1"))
        .extracting(s -> s.labels().get("direction")).containsOnly("sender", "receiver");
  }

  @Test
  void streamIsTheOrdinalOfTheConnectionAndAServerReportKeepsIt() {
    // [  2] connects first, then [  1]: streams 1 and 2; the server report of [  1]
    // (9/26753 lost) belongs to stream 2, the one of [  2] (0/26752) to stream 1
    RecordingSink sink = parse(null, fixture("iperf_udp_p2_client"));
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("datagrams_lost_total"))
        .extracting(s -> s.labels().get("stream") + "=" + s.value())
        .containsExactly("2=9.0", "1=0.0");
    for (String name : List.of("iperf_tcp_p4_client", "iperf_udp_p2_client", "iperf_tcp_dual_client")) {
      List<String> real = fixture(name);
      List<String> renumbered = real.stream()
          .map(l -> l.replaceAll("\\[(\\s*\\*?)\\s*(\\d+)\\]", "[$1 4$2]")).toList();
      assertThat(renumbered).as(name).isNotEqualTo(real);
      assertThat(parse(null, renumbered).samples).as(name).isEqualTo(parse(null, real).samples);
    }
  }

  @Test
  void connectFailureFailsTheRunOnce() {
    RecordingSink sink = parse(null, fixture("iperf_refused"));
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.samples).isEmpty();
    RecordingSink noServer = parse(null, fixture("iperf_udp_noserver"));
    assertThat(noServer.failures).hasSize(1);
    assertThat(throughput(noServer)).singleElement()
        .satisfies(s -> assertThat(s.phase()).isEqualTo(Phase.FINAL));
  }

  @Test
  void megabitFormatIsConverted() {
    RecordingSink sink = parse(null, fixture("iperf_tcp_fm_client"));
    // [  1] 0.0000-3.0061 sec  4804 MBytes  13406 Mbits/sec
    Sample last = throughput(sink).get(3);
    assertThat(last.value()).isEqualTo(13406e6 / 8);
    assertThat(sink.samples.get(sink.samples.size() - 1).value()).isEqualTo(4804.0 * 1048576);
  }

  @Test
  void intervalOptionIsReadFromTheCommandLine() {
    assertThat(IperfParser.intervals("iperf -c h -i 1")).isTrue();
    assertThat(IperfParser.intervals("iperf -c h -i0.5")).isTrue();
    assertThat(IperfParser.intervals("iperf -c h --interval=2")).isTrue();
    assertThat(IperfParser.intervals("iperf -c h -t 3")).isFalse();
    assertThat(IperfParser.benchmark("iperf -c h -u")).isEqualTo("udp");
  }

  @Test
  void detectRecognisesIperf2AndNotOthers() {
    assertThat(parser.detect(fixture("iperf_tcp_i1_client").subList(0, 3))).isEqualTo(95);
    assertThat(parser.detect(fixture("iperf_udp_server").subList(0, 3))).isEqualTo(95);
    // iperf3 banner (from outputs/iperf3/iperf3_tcp_client.txt)
    assertThat(parser.detect(List.of("Connecting to host 127.0.0.1, port 15201"))).isZero();
    assertThat(parser.detect(List.of("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)"))).isZero();
    assertThat(parser.detect(null)).isZero();
  }
}
