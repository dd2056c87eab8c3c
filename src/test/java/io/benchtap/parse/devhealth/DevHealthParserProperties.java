package io.benchtap.parse.devhealth;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Phase;
import io.benchtap.parse.ParserContractTest;
import io.benchtap.parse.Sample;
import io.benchtap.parse.StreamContext;
import io.benchtap.parse.ToolParser;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated input never makes the devhealth parser throw or emit a bad value; a
 * well-formed line always gives exactly its sample, and a label outside the whitelist never does.
 */
class DevHealthParserProperties {

  private static final String[] NASTY = {"nan", "NaN", "-nan", "inf", "-1.5", "1e309", "0x1p3",
      "\u0000", "\uFFFD", "  ", "=", "window=", "zone=a/b", "-", "#", ""};

  private final ToolParser parser = new DevHealthParser();

  @Property(tries = 300)
  void randomLinesNeverThrow(@ForAll("randomLines") List<String> lines) {
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY, lines);
    ParserContractTest.assertWellFormed(sink.samples);
    assertThat(sink.samples.size() + sink.unparsed.size()).isLessThanOrEqualTo(lines.size());
    assertThat(parser.detect(lines)).isBetween(0, 100);
  }

  @Property(tries = 300)
  void mutatedRealOutputsNeverThrow(@ForAll("fixtures") Path fixture, @ForAll long seed) {
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY,
        ParserContractTest.mutate(ParserContractTest.lines(fixture), new Random(seed), NASTY));
    ParserContractTest.assertWellFormed(sink.samples);
  }


  @Property(tries = 500)
  void aWellFormedLineGivesExactlyItsSample(@ForAll("metrics") HealthMetric metric,
      @ForAll("values") BigDecimal value, @ForAll("labelValues") String labelValue) {
    boolean ratio = metric == HealthMetric.CPU_UTILIZATION_RATIO;
    BigDecimal v = ratio ? value.min(BigDecimal.ONE) : value;
    String label = metric.label == null ? null
        : metric.label.equals("window") ? List.of("1m", "5m", "15m").get(
            Math.floorMod(labelValue.hashCode(), 3)) : labelValue;
    String line = metric.metric + " " + v.toPlainString() + (label == null ? ""
        : " " + metric.label + "=" + label);
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY, List.of(line));
    assertThat(sink.unparsed).isEmpty();
    assertThat(sink.samples).containsExactly(new Sample("health", metric.metric, v.doubleValue(),
        metric.unit, Phase.INTERVAL, label == null ? Map.of() : Map.of(metric.label, label)));
  }

  @Property(tries = 300)
  void labelsOutsideTheWhitelistNeverBecomeSeries(@ForAll("metrics") HealthMetric metric,
      @ForAll("labelNames") String name, @ForAll("labelValues") String value) {
    String line = metric.metric + " 1 " + name + "=" + value;
    var sink = ParserContractTest.feed(parser, StreamContext.EMPTY, List.of(line));
    if (!name.equals(metric.label)) {
      assertThat(sink.samples).isEmpty();
      assertThat(sink.unparsed).hasSize(1);
    }
  }

  @Provide
  Arbitrary<List<String>> randomLines() {
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(120);
    Arbitrary<String> keyed = Arbitraries.of(HealthMetric.values()).map(m -> m.metric + " ")
        .flatMap(k -> Arbitraries.of(NASTY).list().ofMaxSize(4).map(v -> k + String.join(" ", v)));
    return Arbitraries.oneOf(any, keyed).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<Path> fixtures() {
    return Arbitraries.of(DevHealthParserTest.fixtures("devhealth"));
  }

  @Provide
  Arbitrary<HealthMetric> metrics() {
    return Arbitraries.of(HealthMetric.values());
  }

  @Provide
  Arbitrary<BigDecimal> values() {
    return Combinators.combine(Arbitraries.longs().between(0, 999_999_999_999L),
        Arbitraries.integers().between(0, 9)).as(BigDecimal::valueOf);
  }

  @Provide
  Arbitrary<String> labelValues() {
    return Arbitraries.strings().withChars("abcXYZ019_.:@-").ofMinLength(1).ofMaxLength(32);
  }

  @Provide
  Arbitrary<String> labelNames() {
    return Arbitraries.oneOf(Arbitraries.of("window", "zone", "cpu", "interface", "device",
        "instance", "tool", "run"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
  }
}
