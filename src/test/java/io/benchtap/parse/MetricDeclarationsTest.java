package io.benchtap.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchtap.model.Aggregate;
import io.benchtap.model.Direction;
import io.benchtap.model.MetricSpec;
import io.benchtap.parse.sysbench.SysbenchParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric a parser emits is one it declares ({@link ToolDeclaration#metrics()}), in the declared
 * unit, and every declaration is complete and used: what /metrics, the analysis and
 * docs/metrics.md know of a metric comes from there, so a metric forgotten in the declarations
 * fails here instead of silently getting a generic HELP and no overhead. Every registered parser
 * (also the test class path's {@code dd}) runs over every input of {@link FixtureSamples}.
 */
class MetricDeclarationsTest {

  /** Undeclared (metric, unit) pairs {@code parser} emits for {@code input}, as readable lines. */
  static List<String> undeclared(ToolParser parser, FixtureSamples.Input input) {
    Map<String, String> units = new TreeMap<>();
    parser.declaration().metrics().forEach(s -> units.put(s.name(), s.unit()));
    Set<String> out = new TreeSet<>();
    for (Sample s : FixtureSamples.parse(parser, input)) {
      if (!s.unit().equals(units.get(s.metric()))) {
        out.add(parser.tool() + " emits " + s.metric() + " in " + s.unit() + " (from " + input.source() + "), declared "
            + (units.containsKey(s.metric()) ? "in " + units.get(s.metric()) : "not at all"));
      }
    }
    return new ArrayList<>(out);
  }

  @Test
  void everyEmittedMetricIsDeclaredByItsParserInItsUnit() {
    ParserRegistry registry = ParserRegistry.load();
    List<String> problems = new ArrayList<>();
    for (FixtureSamples.Input in : FixtureSamples.inputs()) {
      ToolParser parser = registry.find(in.tool()).orElseThrow(() -> new AssertionError("no parser for " + in.source()));
      problems.addAll(undeclared(parser, in));
    }
    assertThat(problems).as("samples whose metric the parser does not declare (ToolDeclaration.metrics())").isEmpty();
  }

  @Test
  void everyDeclaredMetricIsEmittedByAnInputOfItsTool() {
    ParserRegistry registry = ParserRegistry.load();
    Map<String, Set<String>> emitted = new TreeMap<>();
    for (FixtureSamples.Input in : FixtureSamples.inputs()) {
      registry.find(in.tool()).ifPresent(p -> FixtureSamples.parse(p, in)
          .forEach(s -> emitted.computeIfAbsent(in.tool(), k -> new TreeSet<>()).add(s.metric())));
    }
    List<String> unused = new ArrayList<>();
    for (String tool : registry.tools()) {
      for (MetricSpec spec : registry.find(tool).orElseThrow().declaration().metrics()) {
        if (!emitted.getOrDefault(tool, Set.of()).contains(spec.name())) {
          unused.add(tool + ": " + spec.name());
        }
      }
    }
    assertThat(unused).as("declared metrics no fixture or extra line of the tool produces (a stale declaration, "
        + "or a path without a fixture)").isEmpty();
  }

  /** The failure the first test reports, shown on a real parser whose declarations miss one metric. */
  @Test
  void aMetricLeftOutOfTheDeclarationsIsReported() {
    SysbenchParser real = new SysbenchParser();
    ToolParser forgetful = new Declaring("sysbench", real.declaration().metrics().stream()
        .filter(s -> !s.name().equals("events_per_second")).toList(), real);
    FixtureSamples.Input cpu = FixtureSamples.inputs().stream()
        .filter(i -> i.source().equals("sysbench/sysbench10_cpu_t2.txt")).findFirst().orElseThrow();
    assertThat(undeclared(real, cpu)).isEmpty();
    assertThat(undeclared(forgetful, cpu)).containsExactly(
        "sysbench emits events_per_second in per_second (from sysbench/sysbench10_cpu_t2.txt), declared not at all");
  }

  @Test
  void everyDeclarationHasAUnitHelpDirectionAndAggregate() {
    for (ToolParser p : parsers()) {
      assertThat(p.declaration().metrics()).as("metrics of %s", p.tool()).isNotEmpty();
      for (MetricSpec s : p.declaration().metrics()) {
        assertThat(MetricSpec.namingProblem(s.name(), s.unit())).as("%s: %s", p.tool(), s).isNull();
        assertThat(s.direction()).as("%s: direction of %s", p.tool(), s.name()).isNotNull();
        assertThat(s.aggregate()).as("%s: aggregate of %s", p.tool(), s.name()).isNotNull();
        assertThat(s.help()).as("%s: help of %s", p.tool(), s.name()).endsWith(".").hasSizeGreaterThan(15)
            .doesNotContain("declared by no parser");
      }
    }
  }

  /** A declaration without one of its parts cannot even be made: the parser's class fails to load. */
  @Test
  void anIncompleteDeclarationIsRefusedWithTheMetricsName() {
    assertThatThrownBy(() -> new MetricSpec("copy_time_seconds", "seconds", null, Aggregate.MEAN, "Time."))
        .hasMessage("metric 'copy_time_seconds': no direction (which way is worse; NEUTRAL when neither)");
    assertThatThrownBy(() -> new MetricSpec("copy_time_seconds", "seconds", Direction.LOWER_IS_BETTER, null, "Time."))
        .hasMessage("metric 'copy_time_seconds': no aggregate over instances (SUM or MEAN)");
    assertThatThrownBy(() -> new MetricSpec("copy_time_seconds", "seconds", Direction.LOWER_IS_BETTER, Aggregate.MEAN, " "))
        .hasMessageContaining("help must be one sentence");
    assertThatThrownBy(() -> new MetricSpec("copy_time_seconds", null, Direction.LOWER_IS_BETTER, Aggregate.MEAN, "Time."))
        .hasMessageContaining("unit null is not one of");
    assertThatThrownBy(() -> new MetricSpec("copy_time", "seconds", Direction.LOWER_IS_BETTER, Aggregate.MEAN, "Time."))
        .hasMessage("metric 'copy_time': a value in seconds ends in _seconds (before _total for a total)");
    assertThatThrownBy(() -> new MetricSpec("copy_seconds", "count", Direction.NEUTRAL, Aggregate.SUM, "Copies."))
        .hasMessage("metric 'copy_seconds': a count must not end in another unit's suffix");
  }

  /** The directions and aggregates the analysis used to guess from the names, now declared. */
  @Test
  void ratesAreBetterHigherAndSummedTimesBetterLowerAndAveraged() {
    MetricCatalog c = MetricCatalog.standard();
    Map<String, Object[]> expected = new LinkedHashMap<>();
    expected.put("throughput_bytes_per_second", new Object[] {Direction.HIGHER_IS_BETTER, Aggregate.SUM});
    expected.put("flops_per_second", new Object[] {Direction.HIGHER_IS_BETTER, Aggregate.SUM});
    expected.put("memory_bandwidth_bytes_per_second", new Object[] {Direction.HIGHER_IS_BETTER, Aggregate.SUM});
    expected.put("round_trip_latency_seconds", new Object[] {Direction.LOWER_IS_BETTER, Aggregate.MEAN});
    expected.put("total_time_seconds", new Object[] {Direction.LOWER_IS_BETTER, Aggregate.MEAN});
    expected.put("datagrams_lost_ratio", new Object[] {Direction.LOWER_IS_BETTER, Aggregate.MEAN});
    expected.put("retransmits_total", new Object[] {Direction.LOWER_IS_BETTER, Aggregate.SUM});
    expected.put("events_total", new Object[] {Direction.NEUTRAL, Aggregate.SUM});
    expected.put("cpu_utilization_ratio", new Object[] {Direction.NEUTRAL, Aggregate.MEAN});
    expected.put("transferred_bytes", new Object[] {Direction.NEUTRAL, Aggregate.SUM});
    expected.forEach((metric, da) -> {
      assertThat(c.direction(metric)).as("direction of %s", metric).isEqualTo(da[0]);
      assertThat(c.aggregate(metric)).as("aggregate of %s", metric).isEqualTo(da[1]);
    });
  }

  @Test
  void aMetricNoParserDeclaresIsNeutralAveragedAndSaysSo() {
    MetricCatalog c = MetricCatalog.standard();
    assertThat(c.find("throughput_bits_per_second")).isEmpty();
    assertThat(c.direction("throughput_bits_per_second")).isEqualTo(Direction.NEUTRAL);
    assertThat(c.aggregate("throughput_bits_per_second")).isEqualTo(Aggregate.MEAN);
    assertThat(c.help("throughput_bits_per_second")).contains("declared by no parser");
  }

  /** One name is one Prometheus family: a second, different spec for it stops the start. */
  @Test
  void oneMetricDeclaredDifferentlyByTwoParsersFailsAtStart() {
    MetricSpec otherTime = new MetricSpec("total_time_seconds", "seconds", Direction.NEUTRAL, Aggregate.SUM,
        "Time of something else.");
    ToolParser other = new Declaring("othertool", List.of(otherTime), new SysbenchParser());
    assertThatThrownBy(() -> ParserRegistry.of(List.of(new SysbenchParser(), other)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("metric 'total_time_seconds' declared differently by tool 'othertool' (")
        .hasMessageContaining("and tool 'sysbench' (");
    ToolParser twice = new Declaring("othertool", List.of(otherTime, otherTime), new SysbenchParser());
    assertThatThrownBy(() -> ParserRegistry.of(List.of(twice)))
        .hasMessage("parser for tool 'othertool' declares metric 'total_time_seconds' twice");
    ToolParser sharing = new Declaring("othertool", List.of(new SysbenchParser().declaration().metrics().get(0)), new SysbenchParser());
    assertThat(ParserRegistry.of(List.of(new SysbenchParser(), sharing)).metrics().tools("events_per_second"))
        .containsExactly("othertool", "sysbench");
  }

  private static List<ToolParser> parsers() {
    ParserRegistry r = ParserRegistry.load();
    return r.tools().stream().map(t -> r.find(t).orElseThrow()).toList();
  }

  /** A real parser under another name or with other declarations: the registry's view of a tool. */
  private record Declaring(String tool, List<MetricSpec> metrics, ToolParser parser) implements ToolParser {
    @Override
    public ToolDeclaration declaration() {
      return new ToolDeclaration(tool, List.of(), metrics);
    }

    @Override
    public StreamParser newStream(StreamContext context) {
      return parser.newStream(context);
    }
  }
}
