package io.benchtap.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code parse --tool auto} on every golden output: the first 200 lines (what the command looks
 * at) must pick the parser of the fixture's folder, or, for an output that holds the results of
 * several tools (HPC Challenge's hpccoutf.txt: HPL and STREAM), that parser among those chosen.
 */
class AutoDetectTest {

  /**
   * Outputs that carry nothing to tell their tool by: {@code parse} says it cannot tell and asks
   * for {@code --tool} (docs/metrics.md names the tool for each).
   */
  private static final java.util.Map<String, String> UNDETECTABLE = java.util.Map.of(
      "netperf/netperf_tcp_stream_p0_cpu_doc.txt", "one headerless row of numbers (-P 0)",
      "netperf/netperf_tcp_rr_p0_csv_nounit_lo.txt", "one headerless -o line of numbers without a unit (-P 0)",
      "netperf/netperf_tcp_rr_p0_csv_nounit_veth.txt", "one headerless -o line of numbers without a unit (-P 0)");

  static Stream<Arguments> cases() throws Exception {
    return ParserGoldenTest.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void autoPicksTheFolderTool(String name, Path output) {
    String tool = output.getParent().getFileName().toString();
    List<String> lines = ParserContractTest.lines(output);
    List<String> head = lines.subList(0, Math.min(200, lines.size()));
    List<String> chosen = ParserRegistry.load().detectAll(head).stream().map(ToolParser::tool).toList();
    if (UNDETECTABLE.containsKey(name)) {
      assertThat(chosen).as("%s is %s, not detectable", name, UNDETECTABLE.get(name)).isEmpty();
      return;
    }
    assertThat(chosen).as("tools detected for %s", name).contains(tool);
  }
}
