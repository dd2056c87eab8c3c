package io.benchtap.parse.iperf3;

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

/** Random and mutated input never makes the iperf3 parser throw or emit a bad value. */
class Iperf3ParserProperties {

  private static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3", "{",
      "}", "[", "]", "\"", "\\", "\u0000", "\uFFFD", "  ", "sender", "receiver", "Gbits/sec",
      "KBytes", "(omitted)", "-", ""};

  private final ToolParser parser = new Iperf3Parser();

  @Property(tries = 300)
  void randomLinesNeverThrow(@ForAll("randomLines") List<String> lines,
      @ForAll("commands") String command) {
    var sink = ParserContractTest.feed(parser, StreamContext.ofCommand(command), lines);
    ParserContractTest.assertWellFormed(sink.samples);
    assertThat(parser.detect(lines)).isBetween(0, 100);
  }

  @Property(tries = 300)
  void mutatedRealOutputsNeverThrow(@ForAll("fixtures") Path fixture, @ForAll long seed) {
    List<String> lines = ParserContractTest.mutate(ParserContractTest.lines(fixture), new Random(seed), NASTY);
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY, lines);
    ParserContractTest.assertWellFormed(sink.samples);
  }

  @Provide
  Arbitrary<List<String>> randomLines() {
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(120);
    Arbitrary<String> parts = Arbitraries.of(NASTY).list().ofMaxSize(8)
        .map(p -> String.join(" ", p));
    Arbitrary<String> keyed = Arbitraries.of("[  5]   0.00-1.00   sec  ", "[SUM]   0.00-3.00   sec ",
        "{\"event\":\"interval\",\"data\":", "{\"event\":\"end\",\"data\":{\"sum_sent\":",
        "iperf3: error - ", "CPU Utilization: local/sender ", "[ ID][Role] Interval ", "{",
        // 3.1.x: the unmarked summary under a second header, its Sent line, -V lines
        "[ ID] Interval           Transfer     Bandwidth       Jitter    Lost/Total Datagrams ",
        "[  4]   0.00-10.01  sec  1.26 MBytes  1.05 Mbits/sec ", "[  4] Sent ", "Setting UDP block size to ",
        "CYGWIN_NT-10.0 ")
        .flatMap(k -> parts.map(v -> k + v));
    return Arbitraries.oneOf(any, parts, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(Arbitraries.of("iperf3 -c 127.0.0.1 -u", "iperf3 -s", "", "iperf3"),
        Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(Iperf3ParserTest.fixtures());
  }
}
