package io.benchtap.parse.nuttcp;

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

/** Random and mutated input never makes the nuttcp parser throw or emit a bad value. */
class NuttcpParserProperties {

  private static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3",
      "\u0000", "\uFFFD", "  ", "/", "=", "%", "MB", "Mbps", "%TX", "retrans", "~drop/pkt", ""};

  private final ToolParser parser = new NuttcpParser();

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
    Arbitrary<String> nuttcpish = Arbitraries.of(NASTY).list().ofMaxSize(6)
        .map(parts -> String.join(" ", parts));
    Arbitrary<String> keyed = Arbitraries.of("   1.0000 MB /   1.00 sec =  ", "megabytes=",
        "nuttcp-r: ", "nuttcp-t: Error: ", "nuttcp-r: 1.0 MB in ", "megabytes=1.0 real_sec=",
        "  5.9 MB / 1.00 sec = 49.99 Mbps ")
        .flatMap(k -> Arbitraries.of(NASTY).map(v -> k + v));
    return Arbitraries.oneOf(any, nuttcpish, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(Arbitraries.of("nuttcp -T3 127.0.0.1", "nuttcp -u -R50m 127.0.0.1",
        "nuttcp -r -fparse 127.0.0.1", "", "nuttcp"), Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(NuttcpParserTest.fixtures());
  }
}
