package io.benchtap.parse.netperf;

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
 * netperf behaviour. Real outputs come from {@code outputs/netperf}: examples of netperf's own
 * manual, PerfKitBenchmarker's recorded runs, and netperf 2.7.0 (Debian) run here on loopback and
 * over a veth pair ({@code *_lo}, {@code *_veth}, see capture.sh there); lines written inline are
 * copied from them, or built from a netperf format string where marked.
 */
class NetperfParserTest extends ParserContractTest {

  private final ToolParser parser = new NetperfParser();

  @Override
  protected ToolParser parser() {
    return parser;
  }

  @Override
  protected List<Path> realOutputs() {
    return fixtures();
  }

  static List<Path> fixtures() {
    return outputs("netperf");
  }

  private RecordingSink parse(String command, String... lines) {
    return feed(parser, command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command),
        List.of(lines));
  }

  private static final String[] STREAM_HEADER = {
      "Recv   Send    Send                          ",
      "Socket Socket  Message  Elapsed              ",
      "Size   Size    Size     Time     Throughput  "};

  @Test
  void isRegisteredThroughServiceLoader() {
    assertThat(ParserRegistry.load().find("netperf")).containsInstanceOf(NetperfParser.class);
  }

  @Test
  void tcpStreamMegabitsArePowersOfTen() {
    // copied from netperf_tcp_stream_doc.txt
    RecordingSink sink = parse(null,
        "TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to lag.hpl.hp.com (15.4.89.214) port 0 AF_INET",
        STREAM_HEADER[0], STREAM_HEADER[1], STREAM_HEADER[2],
        "bytes  bytes   bytes    secs.    10^6bits/sec  ", "",
        " 32768  16384  16384    10.00      80.42   ");
    assertThat(sink.samples).containsExactly(Sample.of("tcp_stream",
        "throughput_bytes_per_second", 80.42e6 / 8, "bytes_per_second", Phase.FINAL));
  }

  @Test
  void headerUnitsChosenWithDashFAreHonoured() {
    // the row is copied from netperf_tcp_stream_doc.txt; the unit lines are built from
    // format_units() ("KBytes", "10^9bits") as netperf prints them with -f K / -f g
    RecordingSink kbytes = parse(null, "bytes  bytes   bytes    secs.    KBytes/sec  ",
        " 32768  16384  16384    10.00      80.42   ");
    assertThat(kbytes.samples).extracting(Sample::value).containsExactly(80.42 * 1024);
    RecordingSink gbits = parse(null, "bytes  bytes   bytes    secs.    10^9bits/sec  ",
        " 32768  16384  16384    10.00      80.42   ");
    assertThat(gbits.samples).extracting(Sample::value).containsExactly(80.42e9 / 8);
    RecordingSink noHeader = parse("netperf -H host -P 0 -f k",
        " 32768  16384  16384    10.00      80.42   ");
    assertThat(noHeader.samples).extracting(Sample::value).containsExactly(80.42e3 / 8);
  }

  @Test
  void rrGivesTransactionsAndRoundTripLatency() {
    RecordingSink sink = feed(parser, StreamContext.ofCommand("netperf -t TCP_RR -H 192.168.2.125"),
        lines(fixture("netperf_tcp_rr_doc")));
    assertThat(sink.samples).containsExactly(
        Sample.of("tcp_rr", "transactions_per_second", 29150.15, "per_second", Phase.FINAL),
        Sample.of("tcp_rr", "round_trip_latency_seconds", 1 / 29150.15, "seconds", Phase.FINAL));
  }

  @Test
  void cpuColumnsBecomeRatios() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixture("netperf_udp_rr_cpu_doc")));
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("cpu_utilization_ratio"))
        .extracting(Sample::value, s -> s.labels().get("side"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0.139, "local"),
            org.assertj.core.groups.Tuple.tuple(0.1611, "remote"));
  }

  @Test
  void udpStreamReportsSenderAndReceiver() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixture("netperf_udp_stream_doc")));
    assertThat(sink.samples).extracting(s -> s.labels().get("direction"), Sample::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sender", 2770.20e6 / 8),
            org.assertj.core.groups.Tuple.tuple("receiver", 2748.50e6 / 8));
  }

  @Test
  void demoInterimResultsAreLive() {
    // built from the -D format "Interim result: %7.2f %s/s over %.2f seconds ending at %ld.%.3ld"
    // (src/nettest_omni.c), values invented for the test
    RecordingSink sink = parse("netperf -H 127.0.0.1 -D 1 -t TCP_STREAM",
        "Interim result:  941.52 10^6bits/s over 1.000 seconds ending at 1576269135.608",
        "Interim result: 59000.10 Trans/s over 1.000 seconds ending at 1576269136.608");
    assertThat(sink.samples).containsExactly(
        Sample.of("tcp_stream", "throughput_bytes_per_second", 941.52e6 / 8, "bytes_per_second",
            Phase.INTERVAL),
        Sample.of("tcp_stream", "transactions_per_second", 59000.10, "per_second",
            Phase.INTERVAL));
  }

  @Test
  void omniCsvWithLatencyColumns() {
    // built from the omni -o column names of src/nettest_omni.c (MIN_LATENCY "Minimum Latency
    // Microseconds", ...); values invented for the test
    RecordingSink sink = parse("netperf -t TCP_RR -- -o min_latency,mean_latency,p99_latency,throughput,throughput_units",
        "Minimum Latency Microseconds,Mean Latency Microseconds,99th Percentile Latency Microseconds,Throughput,Throughput Units",
        "4,14.49,33,68492.37,Trans/s");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("transactions_per_second", 68492.37),
        org.assertj.core.groups.Tuple.tuple("round_trip_latency_seconds", 1 / 68492.37),
        org.assertj.core.groups.Tuple.tuple("latency_seconds", 4e-6),
        org.assertj.core.groups.Tuple.tuple("latency_seconds", 14.49e-6),
        org.assertj.core.groups.Tuple.tuple("latency_seconds", 33e-6));
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void bareOmniValueLineWithItsUnitNeedsNoHeader() {
    // -P 0 suppresses the CSV header (print_omni_csv() in src/nettest_omni.c prints only the
    // value line); values from PerfKitBenchmarker's recorded run netperf_omni_o_udp_rr_pkb
    RecordingSink sink = parse(null, "4086.70,Trans/s,5.836,20");
    assertThat(sink.samples).extracting(Sample::metric, Sample::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("transactions_per_second", 4086.70),
        org.assertj.core.groups.Tuple.tuple("round_trip_latency_seconds", 1 / 4086.70));
    assertThat(sink.unparsed).isEmpty();
    assertThat(parser.detect(List.of("2804.90,10^6bits/s,34.388,20"))).isEqualTo(80);
  }

  @Test
  void bareOmniValueLineIsNamedByTheCommandLineSelectors() {
    // grpc's run_netperf.sh command; the value line is built from print_omni_csv() (-P 0: no
    // header), its numbers invented for the test
    String command = "netperf -P 0 -t TCP_RR -H host -- -r 1,1 -o P50_LATENCY,P90_LATENCY,P99_LATENCY";
    RecordingSink sink = parse(command, "265,308,371");
    assertThat(sink.samples).extracting(s -> s.labels().get("stat"), Sample::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("p50", 265e-6),
        org.assertj.core.groups.Tuple.tuple("p90", 308e-6),
        org.assertj.core.groups.Tuple.tuple("p99", 371e-6));
    RecordingSink unnamed = parse("netperf -P 0 -t TCP_RR", "265,308,371");
    assertThat(unnamed.samples).isEmpty();
    assertThat(unnamed.unparsed).containsExactly("265,308,371");
    assertThat(parser.detect(List.of("265,308,371"))).isZero();
  }

  @Test
  void histogramAroundAnRrResultIsNotUnparsed() {
    // the HIST_report() lines as PerfKitBenchmarker quotes them (perfkitbenchmarker/
    // linux_packages/netperf.py, ParseHistogram docstring), after a row of netperf_tcp_rr_doc
    RecordingSink sink = parse("netperf -t UDP_RR -v 2",
        "16384  87380  1        1       10.00    29150.15",
        "16384  87380", "", "Histogram of request/response times",
        "UNIT_USEC     :    0:    0:    0:    0:    0:    0:    0:    0:    0:    0",
        "HUNDRED_USEC  :    0: 433684: 9696:  872:  140:   56:   27:   28:   17:   10",
        "UNIT_MSEC     :    0:   24:   57:   40:    5:    2:    0:    0:    0:    0",
        ">100_SECS: 0", "HIST_TOTAL:      444658");
    assertThat(sink.samples).extracting(Sample::metric)
        .containsExactly("transactions_per_second", "round_trip_latency_seconds");
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void verboseTablesAfterAStreamResultAreRecognisedNotRead() {
    // -v 2: the Alignment/Offset/Bytes table's row has nine numbers, like a result row with CPU
    // columns; then the Maximum Segment Size table
    RecordingSink sink = feed(parser, StreamContext.ofCommand("netperf -t TCP_STREAM -l 1 -v 2"),
        lines(fixture("netperf_tcp_stream_v2_lo")));
    assertThat(sink.samples).extracting(Sample::metric).containsExactly("throughput_bytes_per_second");
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void maximumAloneIsAnOmniHeaderNotAVerboseTable() {
    // -v 2 -- -O MAX_LATENCY: a one-column -O block whose header starts with "Maximum"
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixture("netperf_tcp_rr_omni_human_max_veth")));
    assertThat(sink.samples).singleElement().satisfies(s -> {
      assertThat(s.metric()).isEqualTo("latency_seconds");
      assertThat(s.labels()).containsEntry("stat", "max");
      assertThat(s.value()).isEqualTo(16273e-6);
    });
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void udpStreamCpuColumnsAreEachRowsOwnSideAndMinusOneIsNotMeasured() {
    // -c only: the sender row has the local CPU %, the receiver row -1.00 for the remote side
    RecordingSink sink = feed(parser, StreamContext.EMPTY, lines(fixture("netperf_udp_stream_cpu_local_lo")));
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("cpu_utilization_ratio"))
        .singleElement().satisfies(s -> {
          assertThat(s.labels()).containsEntry("side", "local");
          assertThat(s.value()).isEqualTo(1.0);
        });
    assertThat(sink.samples).filteredOn(s -> s.metric().equals("throughput_bytes_per_second")).hasSize(2);
  }

  @Test
  void omniHeaderThatDoesNotLineUpIsReported() {
    // the -O header of netperf_omni_O_udp_rr_cilium shifted right: its words cross the value columns
    RecordingSink sink = parse(null,
        " Minimum      Mean         Maximum      99th         Stddev       Transaction",
        " Latency      Latency      Latency      Percentile   Latency      Rate",
        "  Microseconds Microseconds Microseconds Latency     Microseconds Tran/s",
        "103          122.38       5489         161          37.77        8157.954");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(4);
  }

  @Test
  void noNetserverFailsTheRun() {
    // the two lines of netperf_no_netserver_lo (netperf 2.7.0, nothing listening), then a stream
    // result row that must be ignored after the failure
    List<String> lines = new java.util.ArrayList<>(lines(fixture("netperf_no_netserver_lo")));
    lines.add(" 87380  16384  16384    10.00    27175.27   ");
    RecordingSink sink = feed(parser, StreamContext.ofCommand("netperf -H 127.0.0.1 -t TCP_STREAM"), lines);
    assertThat(sink.failures).hasSize(1);
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).isEmpty();
  }

  @Test
  void sendErrorFailsTheRun() {
    RecordingSink sink = feed(parser, StreamContext.EMPTY,
        lines(fixture("netperf_udp_stream_send_error_doc")));
    assertThat(sink.failures).containsExactly("netperf: udp_send: data send error: Message too long");
  }

  @Test
  void testNameFromCommandLine() {
    assertThat(NetperfParser.test("netperf -H 1.2.3.4 -t TCP_RR -l 10")).contains("tcp_rr");
    assertThat(NetperfParser.test("netperf -tUDP_STREAM -H x")).contains("udp_stream");
    assertThat(NetperfParser.test("netperf -H x -- -t y")).isEmpty();
    assertThat(NetperfParser.test("iperf3 -c x -t 3")).isEmpty();
    assertThat(NetperfParser.format("netperf -H x -f K")).contains("K");
  }

  @Test
  void badNumbersAreNeverEmitted() {
    RecordingSink sink = parse("netperf -t TCP_RR", "16384  87380  1        1       10.00    -5",
        "THROUGHPUT=nan", "THROUGHPUT_UNITS=Trans/s");
    assertThat(sink.samples).isEmpty();
    assertThat(sink.unparsed).hasSize(2);
  }

  @Test
  void detect() {
    assertThat(parser.detect(List.of(
        "MIGRATED TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to localhost.localdomain (127.0.0.1) port 0 AF_INET : demo")))
        .isEqualTo(100);
    assertThat(parser.detect(List.of("bytes  bytes   bytes    secs.    10^6bits/sec  ")))
        .isEqualTo(80);
    assertThat(parser.detect(List.of("Connecting to host 127.0.0.1, port 5201"))).isZero();
    assertThat(parser.detect(null)).isZero();
  }

  private static Path fixture(String name) {
    return fixtures().stream().filter(f -> f.getFileName().toString().equals(name + ".txt"))
        .findFirst().orElseThrow();
  }
}
