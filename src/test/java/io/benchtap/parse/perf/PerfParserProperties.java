package io.benchtap.parse.perf;

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

/** Random and mutated input never makes the perf parser throw or emit a bad value. */
class PerfParserProperties {

  private static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3",
      "\u0000", "\uFFFD", "  ", ",", ",,", "#", "(", "%)", "msec", "<not counted>", "1.234,5", ""};

  private final ToolParser parser = new PerfParser();

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
    Arbitrary<String> perfish = Arbitraries.of(NASTY).list().ofMaxSize(6)
        .map(parts -> String.join(" ", parts));
    Arbitrary<String> keyed = Arbitraries.of("     1.01 msec task-clock  #  ",
        "0.500800763   ", "CPU0   ", " seconds time elapsed", "3.42,msec,task-clock,", "<not counted>,,",
        " Performance counter stats for '", "       12  cycles   (")
        .flatMap(k -> Arbitraries.of(NASTY).map(v -> k + v));
    return Arbitraries.oneOf(any, perfish, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(Arbitraries.of("perf stat -- sleep 1", "perf stat -x, -I 500 -a",
        "perf stat -e cycles -r 3 sysbench cpu run", "", "perf"), Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(PerfParserTest.fixtures());
  }
}
