package io.benchtap.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchtap.agent.ToolVersion;
import io.benchtap.analyze.AnalysisConfig;
import io.benchtap.analyze.Overhead;
import io.benchtap.analyze.OverheadAnalyzer;
import io.benchtap.cli.Main;
import io.benchtap.model.Aggregate;
import io.benchtap.model.Direction;
import io.benchtap.model.Measurement;
import io.benchtap.parse.FixtureSamples;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.parse.dd.DdParser;
import io.benchtap.pipeline.Outcome;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.pipeline.PipelineObserver;
import io.benchtap.pipeline.StreamProcessor;
import io.benchtap.sink.prometheus.LiveSeries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/adding-a-tool.md, shown: the tool {@code dd} exists only as its folder in the test sources
 * ({@code parse/dd/}), its fixtures ({@code outputs/dd/}) and one line in the test class path's
 * {@code META-INF/services/io.benchtap.parse.ToolParser}. The main code, compiled before it and
 * without a word about it, detects it ({@code parse --tool auto}), parses it in the pipeline,
 * serves its metrics on /metrics with the HELP it declares, asks it for its version with its
 * flag, and judges its overhead with the direction and the aggregate over instances it declares.
 * ({@link PackageCyclesTest#nothingOutsideParseDependsOnAToolsPackage} keeps any tool's package
 * out of the core.)
 */
class OneFolderToolTest {
  private static final Path DD = Path.of("src/test/resources/outputs/dd");
  private static final Pattern COPIED = Pattern.compile("(\\d+) bytes \\(.*\\) copied, ([0-9.]+) s,");

  @Test
  void theToolIsOnlyInTheTestSourcesAndItsServiceLine() throws Exception {
    assertThat(DdParser.class.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith("/test-classes/");
    assertThat(ParserRegistry.load().find("dd")).containsInstanceOf(DdParser.class);
    assertThat(FixtureSamples.shipped().find("dd")).as("not a shipped tool").isEmpty();
    assertThat(Files.readAllLines(Path.of("src/test/resources/META-INF/services/io.benchtap.parse.ToolParser")))
        .contains(DdParser.class.getName());
  }

  @Test
  void parseToolAutoDetectsAndParsesIt() {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("parse", "--tool", "auto", DD.resolve("dd_zero_null_bs1m.txt").toString());
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    List<JsonObject> lines = out.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
    assertThat(lines).extracting(j -> j.getString("tool") + " " + j.getString("metric")).containsExactly(
        "dd copied_bytes", "dd copy_time_seconds", "dd copy_throughput_bytes_per_second");
    assertThat(lines.get(0).getDouble("value")).isEqualTo(268435456.0);
  }

  @Test
  void itsMetricsAreOnMetricsWithTheHelpItDeclares() throws Exception {
    LiveSeries live = new LiveSeries(Duration.ofHours(1), System::nanoTime);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.getPrometheusRegistry().register(live);
    live.update(run(new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1", PipelineObserver.NONE),
        "native", "r1", 1, "dd_zero_null_bs1m.txt"));
    String scrape = registry.scrape();
    assertThat(scrape).contains(
        "# HELP benchtap_copy_throughput_bytes_per_second Bytes dd copied per second (bytes / time, not the rounded rate dd prints).",
        "# TYPE benchtap_copy_throughput_bytes_per_second gauge",
        "# HELP benchtap_copy_time_seconds Time dd took to copy.",
        "# HELP benchtap_copied_bytes Bytes dd copied.",
        "benchtap_copied_bytes{benchmark=\"copy\",device=\"dev\",env=\"native\",instance=\"1\",net=\"host\",phase=\"final\",tool=\"dd\"} 2.68435456E8");
  }

  @Test
  void itIsAskedForItsVersionWithTheFlagItDeclares() {
    assertThat(ToolVersion.flags(ParserRegistry.load(), "dd")).containsExactly("--version");
    assertThat(ToolVersion.of("dd", ToolVersion.flags(ParserRegistry.load(), "dd"))).hasValueSatisfying(
        v -> assertThat(v).startsWith("dd ("));
  }

  /**
   * Two instances natively and two in network, PID and mount namespaces (real runs, outputs/dd/README.md):
   * a repetition's throughput is the sum of its instances and higher is better, its time the mean
   * and lower is better, as DdParser declares, so the overhead is −change for one and +change for
   * the other.
   */
  @Test
  void itsOverheadHasTheDirectionAndAggregateItDeclares() throws Exception {
    StreamProcessor pipeline = new StreamProcessor(ParserRegistry.load(), PipelineConfig.defaults(), "benchtap/v1",
        PipelineObserver.NONE);
    OverheadAnalyzer analyzer = new OverheadAnalyzer(AnalysisConfig.defaults());
    for (String env : List.of("native", "netns")) {
      for (int i = 1; i <= 2; i++) {
        List<Object> all = new ArrayList<>();
        run(pipeline, env, "dd-" + env, i, "dd_" + env + "_x2_i" + i + ".txt", all);
        all.forEach(o -> {
          if (o instanceof Measurement m) {
            analyzer.accept(m);
          } else {
            analyzer.accept((io.benchtap.model.RunEvent) o);
          }
        });
      }
    }
    Overhead rate = cell(analyzer, "copy_throughput_bytes_per_second");
    Overhead time = cell(analyzer, "copy_time_seconds");
    assertThat(rate.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
    assertThat(rate.aggregate()).isEqualTo(Aggregate.SUM);
    assertThat(time.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    assertThat(time.aggregate()).isEqualTo(Aggregate.MEAN);
    assertThat(rate.cell().instances()).isEqualTo(2);
    double nativeRate = rate("native", 1) + rate("native", 2);
    double netnsRate = rate("netns", 1) + rate("netns", 2);
    assertThat(rate.nativeSide().mean()).isCloseTo(nativeRate, within(1e-6 * nativeRate));
    assertThat(rate.container().mean()).isCloseTo(netnsRate, within(1e-6 * netnsRate));
    assertThat(rate.overhead()).isCloseTo(-(netnsRate - nativeRate) / nativeRate, within(1e-9));
    double nativeTime = (seconds("native", 1) + seconds("native", 2)) / 2;
    double netnsTime = (seconds("netns", 1) + seconds("netns", 2)) / 2;
    assertThat(time.overhead()).isCloseTo((netnsTime - nativeTime) / nativeTime, within(1e-9));
  }

  private static Overhead cell(OverheadAnalyzer a, String metric) {
    return a.overheads().stream().filter(o -> o.cell().metric().equals(metric)).findFirst().orElseThrow(
        () -> new AssertionError("no overhead cell for " + metric + ": " + a.overheads()));
  }

  /** The measurements of one stream: its output as one MQTT message, as {@code mosquitto_pub -l} sends it. */
  private static List<Measurement> run(StreamProcessor p, String env, String run, int instance, String fixture) throws Exception {
    List<Object> all = new ArrayList<>();
    run(p, env, run, instance, fixture, all);
    return all.stream().filter(Measurement.class::isInstance).map(Measurement.class::cast).toList();
  }

  /** A stream of an agent: started (2 instances, a campaign), the output, finished; events and measurements in order. */
  private static void run(StreamProcessor p, String env, String run, int instance, String fixture, List<Object> into)
      throws Exception {
    String base = "benchtap/v1/dev/" + env + "/" + run + "/dd/" + instance + "/";
    String started = new JsonObject().put("event", "started").put("command", "dd if=/dev/zero of=/dev/null bs=64k count=16384")
        .put("instances", 2).put("net", env.equals("native") ? "host" : "none")
        .put("labels", new JsonObject().put("campaign", "dd-walkthrough")).encode();
    for (Outcome o : List.of(p.process(base + "status", started.getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
        p.process(base + "out", Files.readAllBytes(DD.resolve(fixture)), Instant.EPOCH),
        p.process(base + "status", "{\"event\":\"finished\",\"exitCode\":0}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH))) {
      into.addAll(o.events());
      into.addAll(o.measurements());
    }
  }

  private static double rate(String env, int instance) throws Exception {
    Matcher m = copied(env, instance);
    return Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
  }

  private static double seconds(String env, int instance) throws Exception {
    return Double.parseDouble(copied(env, instance).group(2));
  }

  private static Matcher copied(String env, int instance) throws Exception {
    Matcher m = COPIED.matcher(Files.readString(DD.resolve("dd_" + env + "_x2_i" + instance + ".txt")));
    assertThat(m.find()).isTrue();
    return m;
  }
}
