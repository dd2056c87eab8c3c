package io.benchtap.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Phase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A metric named {@code *_total} is exposed to Prometheus as a counter, so within one stream its
 * interval series must never decrease (a new run is a new stream: a counter reset). Checked on
 * every real output of every tool, with and without its command line, and on mutated outputs;
 * plus the sums themselves on outputs whose intervals add up to the summary the tool printed.
 */
class IntervalCountersTest {

  private static final String[] NASTY = {"0", "1", "999999", "-1", "nan", "", " ", "sender",
      "receiver", "[SUM]", "retrans", "Retr"};

  @Test
  void everyIntervalTotalIsNonDecreasingInEveryRealOutput() {
    int checked = 0;
    List<String> decreasing = new ArrayList<>();
    for (Path fixture : allFixtures()) {
      ToolParser parser = parserOf(fixture);
      List<String> lines = ParserContractTest.lines(fixture);
      for (StreamContext context : List.of(context(fixture), StreamContext.EMPTY)) {
        Map<String, List<Double>> series = intervalTotals(
            ParserContractTest.feed(parser, context, lines).samples, true);
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
          if (e.getValue().size() > 1) {
            checked++;
          }
          if (!nonDecreasing(e.getValue())) {
            decreasing.add(name(fixture) + " " + e.getKey() + " " + e.getValue());
          }
        }
      }
    }
    assertThat(decreasing).as("interval *_total series that decrease within a stream").isEmpty();
    // not vacuous: iperf, iperf3, perf -I, sysbench checkpoints and devhealth have such series
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void intervalCountsAddUpToWhatTheToolPrintedForTheRun() {
    // iperf3 -P 2 --bidir: Retr per interval 3, 6, 0 and 0, 1, 2; summary 9 and 3 (and 12 for [SUM])
    Map<String, List<Double>> bidir = intervalTotals(run("iperf3/iperf3_tcp_bidir_p2_client.txt"));
    assertThat(bidir.get("retransmits_total{direction=sender, role=tx_c, stream=1}"))
        .containsExactly(3.0, 9.0, 9.0);
    assertThat(bidir.get("retransmits_total{direction=sender, role=tx_c, stream=2}"))
        .containsExactly(0.0, 1.0, 3.0);
    assertThat(bidir.get("retransmits_total{direction=sender, role=tx_c}"))
        .containsExactly(3.0, 10.0, 12.0);
    assertThat(finals(run("iperf3/iperf3_tcp_bidir_p2_client.txt"), "retransmits_total"))
        .containsEntry("{direction=sender, role=tx_c, stream=1}", 9.0)
        .containsEntry("{direction=sender, role=tx_c}", 12.0);
    // iperf 2 UDP server: 8953 + 8917 + 8882 = 26752 datagrams, the summary line's total
    Map<String, List<Double>> udp = intervalTotals(run("iperf/iperf_udp_server.txt"));
    assertThat(udp.get("datagrams_total{direction=receiver}"))
        .containsExactly(8953.0, 17870.0, 26752.0);
    assertThat(finals(run("iperf/iperf_udp_server.txt"), "datagrams_total"))
        .containsEntry("{direction=receiver}", 26752.0);
    // perf stat -I 500: page-faults printed 632, 0, 1, 0, 149
    assertThat(intervalTotals(run("perf/perf61_interval_500.txt"))
        .get("perf_events_total{event=page-faults}"))
        .containsExactly(632.0, 632.0, 633.0, 633.0, 782.0);
    // sysbench checkpoints: 8122 and 8331 events since the previous checkpoint; the final 8338
    // (since the last checkpoint, as sysbench prints it) stays as printed
    List<Sample> sysbench = run("sysbench/sysbench10_cpu_checkpoints.txt");
    assertThat(intervalTotals(sysbench).get("events_total{}")).containsExactly(8122.0, 16453.0);
    assertThat(finals(sysbench, "events_total")).containsEntry("{}", 8338.0);
  }

  @Property(tries = 300)
  void mutatedOutputsNeverMakeAnIntervalTotalDecrease(@ForAll("summedFixtures") Path fixture,
      @ForAll long seed) {
    List<String> lines = ParserContractTest.mutate(ParserContractTest.lines(fixture),
        new Random(seed), NASTY);
    Map<String, List<Double>> series = intervalTotals(
        ParserContractTest.feed(parserOf(fixture), context(fixture), lines).samples, true);
    series.forEach((key, values) -> assertThat(nonDecreasing(values))
        .as("%s %s %s", name(fixture), key, values).isTrue());
  }

  /**
   * Fixtures of the tools whose interval counts the parser sums. devhealth is left out: its
   * counters are the kernel's own cumulative values, passed through, and a smaller value there
   * (reboot, wrap, or a mutation) is a real counter reset.
   */
  @Provide
  Arbitrary<Path> summedFixtures() {
    return Arbitraries.of(allFixtures().stream()
        .filter(f -> !f.getParent().getFileName().toString().equals("devhealth")).toList());
  }

  /** Interval values of {@code *_total} metrics by series, keyed {@code metric{labels}}. */
  static Map<String, List<Double>> intervalTotals(List<Sample> samples) {
    return intervalTotals(samples, false);
  }

  /** The same, keyed by benchmark too (a series of its own in Prometheus) when asked. */
  static Map<String, List<Double>> intervalTotals(List<Sample> samples, boolean byBenchmark) {
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.phase() == Phase.INTERVAL && s.metric().endsWith("_total")) {
        String key = s.metric() + new TreeMap<>(s.labels())
            + (byBenchmark ? " benchmark=" + s.benchmark() : "");
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(s.value());
      }
    }
    return series;
  }

  private static Map<String, Double> finals(List<Sample> samples, String metric) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.phase() == Phase.FINAL && s.metric().equals(metric)) {
        out.put(new TreeMap<>(s.labels()).toString(), s.value());
      }
    }
    return out;
  }

  private static boolean nonDecreasing(List<Double> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) < values.get(i - 1)) {
        return false;
      }
    }
    return true;
  }

  private static List<Sample> run(String fixture) {
    Path file = allFixtures().stream().filter(f -> name(f).equals(fixture)).findFirst()
        .orElseThrow(() -> new AssertionError("no fixture " + fixture));
    return ParserContractTest.feed(parserOf(file), context(file),
        ParserContractTest.lines(file)).samples;
  }

  private static List<Path> allFixtures() {
    try (Stream<Path> tools = Files.list(Path.of(
        IntervalCountersTest.class.getResource("/outputs").toURI()))) {
      List<Path> all = new ArrayList<>();
      for (Path dir : tools.filter(Files::isDirectory).sorted().toList()) {
        all.addAll(ParserContractTest.outputs(dir.getFileName().toString()));
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ToolParser parserOf(Path fixture) {
    String tool = fixture.getParent().getFileName().toString();
    return ParserRegistry.load().find(tool).orElseThrow();
  }

  /** The command line the golden file gives the fixture, as the pipeline would have it. */
  private static StreamContext context(Path fixture) {
    Path expected = fixture.resolveSibling(
        fixture.getFileName().toString().replaceFirst("\\.txt$", ".expected.json"));
    try {
      String command = new JsonObject(Files.readString(expected, StandardCharsets.UTF_8))
          .getString("commandLine");
      return command == null ? StreamContext.EMPTY : StreamContext.ofCommand(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Path fixture) {
    return fixture.getParent().getFileName() + "/" + fixture.getFileName();
  }
}
