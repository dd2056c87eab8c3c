package io.benchtap.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.model.Aggregate;
import io.benchtap.model.RunEvent;
import io.benchtap.model.StreamKey;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.pipeline.Outcome;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.pipeline.PipelineObserver;
import io.benchtap.pipeline.StreamProcessor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Real native and LXC sysbench runs through the stream processor into the analyzer. */
class OverheadAnalyzerTest {
  private static final Path RUNS = Path.of("src/test/resources/runs/sysbench-native-lxc");

  static double number(Path f, String regex) throws Exception {
    Matcher m = Pattern.compile(regex).matcher(Files.readString(f));
    assertThat(m.find()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** Feeds the real outputs as one campaign: native-N on env native, lxc-N on env lxc, one run per file. */
  static OverheadAnalyzer feed(AnalysisConfig cfg) throws Exception {
    OverheadAnalyzer a = new OverheadAnalyzer(cfg);
    StreamProcessor p = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", PipelineObserver.NONE);
    for (String env : List.of("native", "lxc")) {
      for (int i = 1; i <= 3; i++) {
        String base = "benchtap/v1/dev/" + env + "/camp1-r" + i + "/sysbench/1/";
        String started = new JsonObject().put("event", "started").put("command", "sysbench cpu --events=2000 run")
            .put("instances", 1).put("net", env.equals("native") ? "host" : "none")
            .put("labels", new JsonObject().put("campaign", "camp1")).encode();
        List<Outcome> outs = new ArrayList<>();
        outs.add(p.process(base + "status", started.getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
        outs.add(p.process(base + "out", Files.readAllBytes(RUNS.resolve(env + "-" + i + ".txt")), Instant.EPOCH));
        outs.add(p.process(base + "status", "{\"event\":\"finished\",\"exitCode\":0}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
        for (Outcome o : outs) {
          o.events().forEach(a::accept);
          o.measurements().forEach(a::accept);
        }
      }
    }
    return a;
  }

  static double mean(String env, String regex) throws Exception {
    double sum = 0;
    for (int i = 1; i <= 3; i++) {
      sum += number(RUNS.resolve(env + "-" + i + ".txt"), regex);
    }
    return sum / 3;
  }

  @Test
  void changeEqualsWhatTheRawNumbersImplyAndOverheadKnowsWhichWayIsWorse() throws Exception {
    OverheadAnalyzer a = feed(AnalysisConfig.defaults().withMinSamples(3));
    List<Overhead> all = a.overheads();
    Overhead eps = all.stream().filter(o -> o.cell().metric().equals("events_per_second")).findFirst().orElseThrow();
    double nat = mean("native", "events per second:\\s+([0-9.]+)");
    double lxc = mean("lxc", "events per second:\\s+([0-9.]+)");
    assertThat(eps.cell().env()).isEqualTo("lxc");
    assertThat(eps.cell().net()).isEqualTo("none");
    assertThat(eps.campaign()).isEqualTo("camp1");
    assertThat(eps.nativeSide().n()).isEqualTo(3);
    assertThat(eps.container().n()).isEqualTo(3);
    assertThat(eps.change()).isCloseTo((lxc - nat) / nat, within(1e-12));
    assertThat(eps.overhead()).isCloseTo(-(lxc - nat) / nat, within(1e-12));
    assertThat(eps.changeLower()).isLessThan(eps.change());
    assertThat(eps.changeUpper()).isGreaterThan(eps.change());
    Overhead time = all.stream().filter(o -> o.cell().metric().equals("total_time_seconds")).findFirst().orElseThrow();
    double tn = mean("native", "total time:\\s+([0-9.]+)s");
    double tl = mean("lxc", "total time:\\s+([0-9.]+)s");
    assertThat(time.change()).isCloseTo((tl - tn) / tn, within(1e-12));
    assertThat(time.overhead()).isCloseTo((tl - tn) / tn, within(1e-12));
  }

  private static void instance(OverheadAnalyzer a, String env, String run, int instances, int instance, String metric, double v) {
    String net = env.equals("native") ? "host" : "veth";
    StreamKey k = new StreamKey("dev", env, run, "iperf3", String.valueOf(instance));
    a.accept(new RunEvent(Instant.EPOCH, k, net, RunEvent.Type.STARTED, null, null, instances, null, Double.NaN, null,
        Map.of("campaign", "camp")));
    a.accept(new io.benchtap.model.Measurement(Instant.EPOCH, "dev", env, net, run, "iperf3", "tcp", String.valueOf(instance), metric, v,
        "x", io.benchtap.model.Phase.FINAL, Map.of(), io.benchtap.model.TimeSource.DEVICE));
  }

  /**
   * One observation per repetition: the values of a run's 4 instances are summed for a
   * throughput (the paper's aggregated iperf3 throughput) and averaged for a time; a run with an
   * instance that never reported is left out and counted.
   */
  @Test
  void aRepetitionIsItsInstancesSummedForThroughputAndAveragedForTime() {
    OverheadAnalyzer a = new OverheadAnalyzer(AnalysisConfig.defaults().withMinSamples(2));
    for (int rep = 1; rep <= 3; rep++) {
      for (String env : List.of("native", "lxc")) {
        String run = env + "-r" + rep;
        int instancesReporting = env.equals("lxc") && rep == 3 ? 3 : 4;
        for (int i = 1; i <= instancesReporting; i++) {
          instance(a, env, run, 4, i, "throughput_bytes_per_second", 20e6 + 1e5 * rep + (env.equals("lxc") ? -1e6 : 0));
          instance(a, env, run, 4, i, "jitter_seconds", 0.01 * i + 0.001 * rep);
        }
      }
    }
    Overhead tput = a.overheads().stream().filter(o -> o.cell().metric().equals("throughput_bytes_per_second")).findFirst()
        .orElseThrow();
    assertThat(tput.cell().instances()).isEqualTo(4);
    assertThat(tput.aggregate()).isEqualTo(Aggregate.SUM);
    assertThat(tput.nativeSide().n()).isEqualTo(3);
    assertThat(tput.container().n()).as("the lxc run with 3 of 4 instances is left out").isEqualTo(2);
    assertThat(tput.incompleteRuns()).isZero(); // still pending, not given up
    assertThat(tput.nativeSide().mean()).isCloseTo(4 * (20e6 + 2e5), within(1e-3));
    assertThat(tput.container().mean()).isCloseTo(4 * (19e6 + 1.5e5), within(1e-3));
    Overhead time = a.overheads().stream().filter(o -> o.cell().metric().equals("jitter_seconds")).findFirst().orElseThrow();
    assertThat(time.aggregate()).isEqualTo(Aggregate.MEAN);
    assertThat(time.nativeSide().mean()).isCloseTo(0.025 + 0.002, within(1e-12));
  }

  /** Three repetitions per side are fewer than the default minimum: shown, but not judged. */
  @Test
  void tooFewRepetitionsAreShownAsNotJudgedYet() throws Exception {
    OverheadAnalyzer a = feed(AnalysisConfig.defaults());
    Overhead eps = a.overheads().stream().filter(o -> o.cell().metric().equals("events_per_second")).findFirst().orElseThrow();
    assertThat(eps.judged()).isFalse();
    assertThat(eps.significant()).isFalse();
    assertThat(eps.changeLower()).isNaN();
    assertThat(eps.pAdjusted()).isNaN();
    assertThat(eps.verdict()).isEqualTo("not judged yet: 3 of 10 values needed on each side");
    assertThat(eps.change()).isFinite();
  }

  @Test
  void aNamedBaselineThatDoesNotExistPairsNothing() throws Exception {
    AnalysisConfig named = new AnalysisConfig("run", "no-such-campaign", 5, 0.05, 0.05, 0.05, java.time.Duration.ZERO, null, 1000, 30, 2,
        io.benchtap.analyze.stats.Comparisons.Correction.BH);
    assertThat(feed(named).overheads()).isEmpty();
  }

  @Test
  void injectedTenPercentDropIsFoundAtItsPointAndAStableSeriesRaisesNothing() {
    AnalysisConfig cfg = AnalysisConfig.defaults();
    OverheadAnalyzer a = new OverheadAnalyzer(cfg);
    Random rnd = new Random(42);
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    int step = 60;
    for (int i = 0; i < 120; i++) {
      String campaign = "soak-" + i;
      StreamKey k = new StreamKey("rspi3", "lxc", campaign, "iperf3", "1");
      a.accept(new RunEvent(t0.plusSeconds(3600L * i), k, "macvlan", RunEvent.Type.STARTED, null, null, 1, null, Double.NaN, null,
          Map.of("campaign", campaign)));
      double level = i < step ? 94e6 : 94e6 * 0.9;
      a.accept(new io.benchtap.model.Measurement(t0.plusSeconds(3600L * i), "rspi3", "lxc", "macvlan", campaign, "iperf3", "tcp", "1",
          "throughput_bytes_per_second", level * (1 + 0.01 * rnd.nextGaussian()), "bytes_per_second",
          io.benchtap.model.Phase.FINAL, Map.of("direction", "receiver"), io.benchtap.model.TimeSource.DEVICE));
      StreamKey n = new StreamKey("rspi3", "native", campaign, "iperf3", "1");
      a.accept(new io.benchtap.model.Measurement(t0.plusSeconds(3600L * i), "rspi3", "native", "host", campaign, "iperf3", "tcp", "1",
          "throughput_bytes_per_second", 94e6 * (1 + 0.01 * rnd.nextGaussian()), "bytes_per_second",
          io.benchtap.model.Phase.FINAL, Map.of("direction", "receiver"), io.benchtap.model.TimeSource.DEVICE));
      assertThat(n.device()).isEqualTo("rspi3");
    }
    List<Regression> points = new RegressionDetector(cfg).changePoints(a.cells());
    List<Regression> container = points.stream().filter(r -> r.cell().env().equals("lxc")).toList();
    assertThat(container).hasSize(1);
    assertThat(container.get(0).at()).isBetween(t0.plusSeconds(3600L * (step - 1)), t0.plusSeconds(3600L * (step + 1)));
    assertThat(container.get(0).change()).isCloseTo(-0.10, within(0.02));
    assertThat(points.stream().filter(r -> r.cell().env().equals("native"))).as("the stable native series").isEmpty();
  }

  @Test
  void anotherDevicesStartedForTheSameRunIdChangesNeitherTheCellsNorTheCampaignsOfTheFirst() throws Exception {
    OverheadAnalyzer a = feed(AnalysisConfig.defaults());
    List<String> before = a.overheads().stream().map(o -> o.cell() + "|" + o.campaign() + "|" + o.change()).sorted().toList();
    for (int i = 1; i <= 3; i++) {
      for (String env : List.of("native", "lxc")) {
        a.accept(new RunEvent(Instant.EPOCH, new StreamKey("evil", env, "camp1-r" + i, "sysbench", "1"), "veth",
            RunEvent.Type.STARTED, "evil", null, 4096, null, Double.NaN, null, Map.of("campaign", "evil")));
      }
    }
    assertThat(a.overheads().stream().map(o -> o.cell() + "|" + o.campaign() + "|" + o.change()).sorted().toList())
        .isNotEmpty().isEqualTo(before);
  }
}
