package io.benchtap.parse.nuttcp;

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
 * nuttcp-specific behaviour. Real outputs come from {@code outputs/nuttcp}; inline lines are
 * copied from those fixtures (said at each test) unless marked as built from a nuttcp format.
 */
class NuttcpParserTest extends ParserContractTest {

  private final ToolParser parser = new NuttcpParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("nuttcp");
  }

  private RecordingSink parse(String command, String... lines) {
    return feed(parser, command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command),
        List.of(lines));
  }

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(ParserRegistry.load().find("nuttcp")).containsInstanceOf(NuttcpParser.class);
  }

  @Test
  void briefFinalLineUsesBinaryMegabytesAndDecimalMegabits() {
    // copied from nuttcp612_tcp_tx.txt
    RecordingSink sink = parse("nuttcp -T3 127.0.0.1",
        " 7392.1843 MB /   3.00 sec = 20668.7709 Mbps 81 %TX 46 %RX 0 retrans 0.13 msRTT");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value, Sample::labels).containsExactly(
        tuple("throughput_bytes_per_second", 20668.7709e6 / 8, Map.of("direction", "sender")),
        tuple("transferred_bytes", 7392.1843 * 1048576, Map.of("direction", "sender")),
        tuple("cpu_utilization_ratio", 0.81, Map.of("side", "sender")),
        tuple("cpu_utilization_ratio", 0.46, Map.of("side", "receiver")),
        tuple("retransmits_total", 0.0, Map.of()),
        tuple("round_trip_latency_seconds", 0.00013, Map.of()));
    assertThat(sink.samples).extracting(Sample::phase).containsOnly(Phase.FINAL);
  }

  @Test
  void intervalLinesAreLiveAndReverseModeIsReceiver() {
    // copied from nuttcp612_tcp_rx_i1.txt
    RecordingSink sink = parse("nuttcp -T3 -i1 -r 127.0.0.1",
        " 1885.6250 MB /   1.00 sec = 15760.2598 Mbps     0 retrans");
    assertThat(sink.samples).extracting(Sample::phase).containsOnly(Phase.INTERVAL);
    assertThat(sink.samples.get(0).labels()).containsEntry("direction", "receiver");
  }

  @Test
  void udpLossIsARatioAndNamesTheBenchmarkWithoutCommandLine() {
    // copied from nuttcp612_udp_50m.txt
    RecordingSink sink = parse(null,
        "   15.4062 MB /   2.99 sec =   43.1882 Mbps 35 %TX 0 %RX 317 / 2289 drop/pkt 13.85 %loss");
    assertThat(sink.samples).extracting(Sample::benchmark).containsOnly("udp");
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("datagrams_lost_ratio"))
        .extracting(Sample::value).containsExactly(0.1385);
  }

  @Test
  void parseFormatKeysAreUnderstood() {
    // copied from nuttcp612_udp_50m_parse.txt
    RecordingSink sink = parse("nuttcp -T3 -fparse -u -R50m 127.0.0.1",
        "megabytes=17.5703 real_seconds=3.00 rate_Mbps=49.1920 tx_cpu=55 rx_cpu=1 drop=40 pkt=2289 data_loss=1.74749");
    assertThat(sink.samples).extracting(Sample::metric).containsExactly(
        "throughput_bytes_per_second", "transferred_bytes", "cpu_utilization_ratio",
        "cpu_utilization_ratio", "datagrams_lost_ratio");
    assertThat(sink.samples.get(4).value()).isEqualTo(0.0174749);
  }

  @Test
  void verboseOutputTakesTheReceiversViewAndTheClientsRole() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixtures().stream()
        .filter(f -> f.getFileName().toString().equals("nuttcp612_tcp_rx_verbose.txt"))
        .findFirst().orElseThrow()));
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("throughput_bytes_per_second"))
        .extracting(Sample::value, s -> s.labels().get("direction"))
        .containsExactly(tuple(19828.9226e6 / 8, "receiver"));
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void connectionRefusedFailsTheRunOnce() {
    // copied from nuttcp612_refused.txt
    RecordingSink sink = parse(null, "nuttcp-t: Info: attempting to switch to deprecated \"classic\" mode",
        "nuttcp-t: v6.1.2: Error: connect: Connection refused", "errno=111",
        " 7392.1843 MB /   3.00 sec = 20668.7709 Mbps 81 %TX 46 %RX 0 retrans 0.13 msRTT");
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.failures.get(0)).contains("Connection refused");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void unknownTrailingFieldsAndCutLinesAreUnparsed() {
    RecordingSink sink = parse(null,
        " 7392.1843 MB /   3.00 sec = 20668.7709 Mbps 81 %TX bogus", "megabytes=5185.1875");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(2);
  }

  @Test
  void detectsItsOwnOutputOnly() {
    assertThat(parser.detect(List.of("megabytes=6827.3093 real_seconds=3.00 rate_Mbps=19077.4724")))
        .isEqualTo(90);
    assertThat(parser.detect(List.of("nuttcp-t: v6.1.2: socket"))).isEqualTo(100);
    assertThat(parser.detect(List.of("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)",
        "[  5]   0.00-1.00   sec  1.10 GBytes  9.42 Gbits/sec"))).isZero();
  }
}
