package io.benchtap.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.parse.MetricCatalog;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.model.StreamKey;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shipped campaign files: what they run and that each tool's headline is found in the tool's real output. */
class CampaignTest {
  private static final Path OUT = Path.of("src/test/resources/outputs");

  /** A real output of each tool entry of the shipped campaigns (the client's, for network tools). */
  private static final Map<String, Path> OUTPUT = Map.of(
      "sysbench-cpu", OUT.resolve("sysbench/sysbench10_cpu_t1_interval.txt"),
      "hpl", OUT.resolve("hpl/hpcc150_n1000_p1q1.txt"),
      "stream", OUT.resolve("stream/hpcc150_n1000_p1q1.txt"),
      "stream2", OUT.resolve("stream/lmbench3a9_stream2_v2_p64.txt"),
      "iperf3", OUT.resolve("iperf3/iperf3_tcp_client.txt"),
      "nuttcp-rx", OUT.resolve("nuttcp/nuttcp612_tcp_tx_i1.txt"),
      "nuttcp-tx", OUT.resolve("nuttcp/nuttcp612_tcp_rx_i1.txt"),
      "netperf-tcp-rr", OUT.resolve("netperf/netperf_tcp_rr_doc.txt"),
      "netperf-udp-rr", OUT.resolve("netperf/netperf_udp_rr_cpu_doc.txt"));

  @ParameterizedTest
  @ValueSource(strings = {"campaigns/quick.yaml", "campaigns/paper.yaml"})
  void everyToolsHeadlineIsInItsRealOutputParsedWithTheCampaignsCommand(String file) throws Exception {
    Campaign c = Campaign.load(Path.of(file));
    ParserRegistry registry = ParserRegistry.load();
    for (Campaign.ToolSpec t : c.tools()) {
      Path out = OUTPUT.get(t.name());
      assertThat(out).as("a real output for tool entry %s of %s", t.name(), file).isNotNull();
      Headlines h = new Headlines(registry, t.tool(), t.headline(), t.command());
      Files.readAllLines(out).forEach(l -> h.line(1, l));
      OptionalDouble v = h.finish(1);
      assertThat(v).as("%s: headline %s in %s", t.name(), t.headline(), out).isPresent();
      assertThat(v.getAsDouble()).as(t.name()).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"campaigns/quick.yaml", "campaigns/paper.yaml"})
  void nuttcpRunsBothWaysWithTheDutAsServerAndStreamAndNetperfAreThere(String file) throws Exception {
    Campaign c = Campaign.load(Path.of(file));
    Campaign.ToolSpec rx = tool(c, "nuttcp-rx");
    Campaign.ToolSpec tx = tool(c, "nuttcp-tx");
    // The server runs on the DUT: -t makes the client (the TM) transmit, so the DUT receives;
    // -r makes the client receive, so the DUT transmits (nuttcp(8)).
    assertThat(rx.network()).isTrue();
    assertThat(tx.network()).isTrue();
    assertThat(Arrays.asList(rx.command().split("\\s+"))).contains("-t").doesNotContain("-r");
    assertThat(Arrays.asList(tx.command().split("\\s+"))).contains("-r").doesNotContain("-t");
    assertThat(rx.headline().labels()).isEqualTo(Map.of("direction", "sender"));
    assertThat(tx.headline().labels()).isEqualTo(Map.of("direction", "receiver"));
    assertThat(tool(c, "stream").tool()).isEqualTo("stream");
    assertThat(tool(c, "netperf-tcp-rr").command()).contains("-t TCP_RR").contains("-r 100,200");
    assertThat(tool(c, "netperf-udp-rr").command()).contains("-t UDP_RR").contains("-r 100,200");
    assertThat(tool(c, "netperf-tcp-rr").install()).contains("HewlettPackard/netperf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"campaigns/quick.yaml", "campaigns/paper.yaml"})
  void everyInstanceOfEveryRepetitionOfEveryCellIsAStreamOfItsOwn(String file) throws Exception {
    Campaign c = Campaign.load(Path.of(file));
    String campaign = c.name() + "-20261126T100000Z";
    Set<StreamKey> keys = new HashSet<>();
    int expected = 0;
    for (Cell cell : Cell.matrix(c)) {
      for (int rep = 1; rep <= c.repetitions().count(); rep++) {
        String run = new RunIdentity(campaign, cell.id(), rep).runId();
        assertThat(run.length()).isLessThanOrEqualTo(128);
        for (int i = 1; i <= cell.instances(); i++) {
          keys.add(new StreamKey("dev", cell.env(), run, cell.tool().tool(), String.valueOf(i)));
          expected++;
        }
      }
    }
    assertThat(keys).hasSize(expected);
  }

  @Test
  void aToolNameThatCannotStartACellLabelIsRefusedNamingTheKey() {
    JsonObject j = new JsonObject().put("name", "q").put("tools", List.of(Map.of("name", "my tool", "command", "x",
        "headline", Map.of("metric", "m"))));
    assertThatThrownBy(() -> Campaign.from(j, "f.yaml")).hasMessage(
        "f.yaml: tools[0]: name: expected 1-40 characters of A-Z a-z 0-9 _ . - (it starts the cell label), got my tool");
  }

  @Test
  void aMisspeltTopLevelKeyIsRefusedWithTheNearestKnownKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = dir.resolve("typo.yaml");
    Files.writeString(f, Files.readString(Path.of("campaigns/quick.yaml")).replace("instances: [1, 2]", "instance: [1, 2]"));
    assertThatThrownBy(() -> Campaign.load(f)).hasMessage(f + ": unknown key 'instance'; did you mean 'instances'?"
        + " (known: name, device, envs, nets, instances, repetitions, tools, limits)");
  }

  @Test
  void aMisspeltToolKeyIsNamedNotReportedAsTheMissingOne() {
    assertThat(refused(withTool(Map.of("name", "s", "comand", "sysbench cpu run", "headline", Map.of("metric", "m")))))
        .startsWith("f.yaml: tools[0]: unknown key 'comand'; did you mean 'command'?");
  }

  @Test
  void nestedKeysAreCheckedToo() {
    Map<String, Object> ok = Map.of("name", "s", "command", "x", "headline", Map.of("metric", "m"));
    assertThat(refused(withTool(ok).put("repetitions", Map.of("until_stable", Map.of("rds", 0.03))))).isEqualTo(
        "f.yaml: unknown key 'repetitions.until_stable.rds'; did you mean 'rsd'? (known in repetitions.until_stable: rsd, min, max)");
    assertThat(refused(withTool(Map.of("name", "s", "command", "x", "headline", Map.of("metric", "m", "agregate", "sum")))))
        .startsWith("f.yaml: tools[0]: unknown key 'headline.agregate'; did you mean 'aggregate'?");
    assertThat(refused(withTool(ok).put("colour", "red")))
        .isEqualTo("f.yaml: unknown key 'colour' (known: name, device, envs, nets, instances, repetitions, tools, limits)");
  }

  private static JsonObject withTool(Map<String, Object> tool) {
    return new JsonObject().put("name", "q").put("tools", List.of(tool));
  }

  private static String refused(JsonObject campaign) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(IllegalArgumentException.class,
        () -> Campaign.from(campaign, "f.yaml")).getMessage();
  }

  /**
   * The headline of a repetition is the quantity the report shows for it: the instances' values
   * summed for FLOP/s, averaged for times (the aggregate the hpl parser declares), also when the campaign file does
   * not say which (the old default summed times).
   */
  @ParameterizedTest
  @CsvSource({
      "sysbench, total_time_seconds, sysbench/sysbench10_cpu_t1.txt, sysbench/sysbench10_cpu_t2.txt, mean",
      "hpl, flops_per_second, hpl/hpcc150_n1000_p1q1.txt, hpl/hpcc142_pkb_sample.txt, sum"})
  void aHeadlineCombinesTheInstancesAsTheReportDoes(String tool, String metric, String first, String second, String aggregate)
      throws Exception {
    Campaign c = Campaign.from(new JsonObject().put("name", "t").put("tools", List.of(Map.of("name", tool, "command", tool,
        "headline", Map.of("metric", metric)))), "t.yaml");
    Campaign.ToolSpec t = c.tools().get(0);
    assertThat(t.headline().aggregate()).isEqualTo(aggregate);
    double a = headline(t, OUT.resolve(first));
    double b = headline(t, OUT.resolve(second));
    assertThat(a).isNotEqualTo(b);
    Headlines both = new Headlines(ParserRegistry.load(), t.tool(), t.headline(), t.command());
    Files.readAllLines(OUT.resolve(first)).forEach(l -> both.line(1, l));
    Files.readAllLines(OUT.resolve(second)).forEach(l -> both.line(2, l));
    assertThat(both.finish(2).getAsDouble()).isCloseTo(MetricCatalog.standard().aggregate(metric).of(new double[] {a, b}), within(1e-9 * (a + b)))
        .isCloseTo(aggregate.equals("sum") ? a + b : (a + b) / 2, within(1e-9 * (a + b)));
  }

  @Test
  void aHeadlineAggregateOtherThanTheReportsIsRefused() {
    JsonObject j = new JsonObject().put("name", "q").put("tools", List.of(Map.of("name", "hpl", "command", "x",
        "headline", Map.of("metric", "flops_per_second", "aggregate", "mean"))));
    assertThatThrownBy(() -> Campaign.from(j, "f.yaml")).hasMessage("f.yaml: tools[0]: headline.aggregate: expected sum "
        + "(how the report combines the instances' flops_per_second; or leave it out), got mean");
  }

  /** The metric renamed in 0.1 (bits to bytes per second), in a campaign file: refused at once, not after every run. */
  @Test
  void aHeadlineMetricItsToolDoesNotDeclareIsRefused() {
    JsonObject j = new JsonObject().put("name", "q").put("tools", List.of(Map.of("name", "iperf3", "command", "x",
        "headline", Map.of("metric", "throughput_bits_per_second"))));
    assertThatThrownBy(() -> Campaign.from(j, "f.yaml")).hasMessage("f.yaml: tools[0]: headline.metric: expected a metric "
        + "the iperf3 parser declares (cpu_utilization_ratio, datagrams_lost_ratio, datagrams_lost_total, datagrams_total, "
        + "jitter_seconds, retransmits_total, throughput_bytes_per_second, transferred_bytes), got throughput_bits_per_second; "
        + "did you mean 'throughput_bytes_per_second'?");
  }

  private static double headline(Campaign.ToolSpec t, Path output) throws Exception {
    Headlines h = new Headlines(ParserRegistry.load(), t.tool(), t.headline(), t.command());
    Files.readAllLines(output).forEach(l -> h.line(1, l));
    return h.finish(1).getAsDouble();
  }

  private static Campaign.ToolSpec tool(Campaign c, String name) {
    return c.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }
}
