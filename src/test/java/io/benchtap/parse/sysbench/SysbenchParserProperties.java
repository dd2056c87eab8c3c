package io.benchtap.parse.sysbench;

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

/** Random and mutated input never makes the sysbench parser throw or emit a bad value. */
class SysbenchParserProperties {

  private static final String[] NASTY = {"nan", "-nan", "inf", "-1.5", "1e309", "0x1p3",
      "\u0000", "\uFFFD", "  ", "(", ")", "/", ":", "%", "[ 1s ]", "MiB/sec", "ms", "1.0d", ""};

  private final ToolParser parser = new SysbenchParser();

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
    Arbitrary<String> sysbenchish = Arbitraries.of(NASTY).list().ofMaxSize(6)
        .map(parts -> String.join(" ", parts));
    Arbitrary<String> keyed = Arbitraries.of("    events per second: ", "[ 1s ] thds: 2 eps: ",
        "         min: ", "    total time: ", "Total operations: ", "    reads/s: ",
        "         95th percentile: ", "FATAL: ", "[   5s] threads: 4, tps: ")
        .flatMap(k -> Arbitraries.of(NASTY).map(v -> k + v));
    return Arbitraries.oneOf(any, sysbenchish, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(Arbitraries.of("sysbench cpu run", "sysbench --test=memory run",
        "sysbench oltp_read_write.lua run", "", "sysbench"), Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(SysbenchParserTest.fixtures());
  }
}
