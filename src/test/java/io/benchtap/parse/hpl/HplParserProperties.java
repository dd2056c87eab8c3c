package io.benchtap.parse.hpl;

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

/** Random and mutated input never makes the hpl parser throw or emit a bad value. */
class HplParserProperties {

  static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3", "\u0000",
      "\uFFFD", "  ", "=", "......", "PASSED", "FAILED", "%", "e+", "WR11C2R4", ""};

  private final ToolParser parser = new HplParser();

  @Property(tries = 300)
  void randomLinesNeverThrow(@ForAll("randomLines") List<String> lines) {
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY, lines);
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
    Arbitrary<String> keyed = Arbitraries.of("WR11C2R4   1000  80  1  1  ",
        "||Ax-b||_oo/(eps*(||A||_oo*||x||_oo+||b||_oo)*N)= ", "HPL_Tflops=", "     512   ",
        "Begin of HPL section.", "Begin of Summary section.", "Finished 1 tests with the following results:",
        "    Reps Time(s) DGEFA   DGESL  OVERHEAD    KFLOPS", "              1 tests completed and ")
        .flatMap(k -> Arbitraries.of(NASTY).list().ofMaxSize(3).map(v -> k + String.join(" ", v)));
    return Arbitraries.oneOf(any, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(HplParserTest.fixtures());
  }
}
