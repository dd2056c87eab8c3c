package io.benchtap.parse.netperf;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated input never makes the netperf parser throw or emit a bad value. */
class NetperfParserProperties {

  private static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3",
      "\u0000", "\uFFFD", "  ", ",", "=", "10^6bits/sec", "Trans/s", "KBytes", ""};

  private final ToolParser parser = new NetperfParser();

  @Property(tries = 300)
  void randomLinesNeverThrow(@ForAll("randomLines") List<String> lines,
      @ForAll("commands") String command) {
    var sink = ParserContractTest.feed(parser, StreamContext.ofCommand(command), lines);
    ParserContractTest.assertWellFormed(sink.samples);
    assertThat(parser.detect(lines)).isBetween(0, 100);
  }

  @Property(tries = 300)
  void mutatedRealOutputsNeverThrow(@ForAll("fixtures") Path fixture, @ForAll long seed) {
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY,
        ParserContractTest.mutate(ParserContractTest.lines(fixture), new Random(seed), NASTY));
    ParserContractTest.assertWellFormed(sink.samples);
  }

  @Provide
  Arbitrary<List<String>> randomLines() {
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(120);
    Arbitrary<String> keyed = Arbitraries.of("THROUGHPUT=", "THROUGHPUT_UNITS=",
        "LOCAL_CPU_UTIL=", "MEAN_LATENCY=", "Interim result: ", " 87380  16384  16384    10.00 ",
        "16384  87380  1        1       10.00  ", "bytes  bytes   bytes    secs.    ",
        "Throughput,Throughput Units", "124928   32768   10.00      105672      0 ",
        "Minimum      Mean         Transaction", "Microseconds Microseconds Tran/s",
        "103          122.38       ", "4086.70,Trans/s,", "HUNDRED_USEC  :    0: ",
        // -v 2 tables, a UDP_STREAM row with its CPU columns, -c without -C
        "Alignment      Offset         RoundTrip  Trans    Throughput", "Alignment      Offset",
        "    8      0       0      0   19.732   ", "Maximum", "Segment", "Size (bytes)", " 65483 ",
        "212992    1024   1.00        53019      0      434.2     ", "212992           1.00        26707  ",
        "131072  16384  16384    1.00       8615.49   100.00   -1.00 ")
        .flatMap(k -> Arbitraries.of(NASTY).list().ofMaxSize(4).map(v -> k + String.join(" ", v)));
    return Arbitraries.oneOf(any, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(Arbitraries.of("netperf -t TCP_RR", "netperf -t UDP_STREAM -f K",
        "netperf -H x -P 0",
        "netperf -P 0 -t TCP_RR -- -o P50_LATENCY,THROUGHPUT", "netperf -t UDP_STREAM -c -C -v 2",
        "netperf -t TCP_RR -v 2 -- -O MAX_LATENCY", ""), Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(NetperfParserTest.fixtures());
  }
}
