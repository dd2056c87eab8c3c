package io.benchtap.parse.iperf;

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

/** Random and mutated input never makes the iperf 2 parser throw or emit a bad value. */
class IperfParserProperties {

  private static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3", "{",
      "}", "[", "]", "\"", "\\", "\u0000", "\uFFFD", "  ", "sender", "receiver", "Gbits/sec",
      "KBytes", "ms", "/", "(0%)", "pps", "*", "-", ""};

  private final ToolParser parser = new IperfParser();

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
    Arbitrary<String> keyed = Arbitraries.of("[  1] 0.0000-1.0000 sec  ", "[SUM] 0.0000-3.0057 sec ",
        "[ *1] 0.0000-1.0000 sec ", "[  1] Server Report:", "tcp connect failed: ",
        "Client connecting to 127.0.0.1, UDP port 5001", "[  1] local 127.0.0.1 port 1 connected with ",
        "20200105143551,189.40.186.130,5001,189.40.186.4,45860,4,0.0-1.0,",
        "20261206003703,127.0.0.1,53243,127.0.0.1,48902,-1,0.0-2.0,2626890,", "19700101000000,")
        .flatMap(k -> parts.map(v -> k + v));
    return Arbitraries.oneOf(any, parts, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(Arbitraries.of("iperf -c 127.0.0.1 -u -i 1", "iperf -s", "", "iperf -c h -i",
        "iperf -s -u -y C", "iperf -c h -y C -P 2 -R", "iperf -c h -y C -P"),
        Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(IperfParserTest.fixtures());
  }
}
