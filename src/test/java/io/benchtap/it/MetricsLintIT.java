package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.deploy.Promtool;
import io.benchtap.model.MetricSpec;
import io.benchtap.parse.MetricCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live {@code serve} that has processed real output of every parser (fixtures published over
 * the real Mosquitto with plain {@code mosquitto_pub -l}, as the README's example does, with no
 * status), an agent's run with status events and the line-protocol file sink passes {@code
 * promtool check metrics} on its /metrics, each of benchtap's own meters has its own HELP text,
 * and every one of those streams is a run /api/runs knows.
 */
class MetricsLintIT {
  /**
   * One real output per tool: fixture path under src/test/resources/outputs and the tool; dd is
   * the tool that exists only in the test sources (docs/adding-a-tool.md), served like the others.
   */
  private static final Map<String, String> OUTPUTS = Map.of(
      "sysbench", "sysbench/sysbench04_cpu_t1.txt",
      "hpl", "hpl/hpcc150_n1000_p1q1.txt",
      "iperf3", "iperf3/iperf3_tcp_client.txt",
      "iperf", "iperf/iperf_tcp_i1_client.txt",
      "nuttcp", "nuttcp/nuttcp612_tcp_tx_i1.txt",
      "netperf", "netperf/netperf_tcp_stream_doc.txt",
      "stream", "stream/stream510_default.txt",
      "perf", "perf/perf61_interval_500.txt",
      "devhealth", "devhealth/devhealth_host_x86_vm.txt",
      "dd", "dd/dd_zero_null_bs1m.txt");

  @TempDir
  Path dir;

  @Test
  void aServeThatParsedEveryToolPassesPromtoolAndKnowsEveryStreamAsARun() throws Exception {
    String device = "lint-" + UUID.randomUUID().toString().substring(0, 8);
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + device, "http.port", "0", "file.dir", dir.resolve("lp").toString()))) {
      ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      for (Map.Entry<String, String> e : OUTPUTS.entrySet()) {
        String tool = e.getKey();
        String topic = "benchtap/v1/" + device + "/native/run-" + tool + "/" + tool + "/" + ("devhealth".equals(tool) ? "host" : "1") + "/out";
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1",
            "-l", "-t", topic).redirectInput(Path.of("src/test/resources/outputs", e.getValue()).toFile())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pub.log").toFile())).start();
        assertThat(pub.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("mosquitto_pub -l < %s", e.getValue()).isTrue();
        assertThat(pub.exitValue()).isZero();
      }
      // A line no parser knows and a topic outside the contract: the rejection counters appear too.
      ItEnv.run(Duration.ofSeconds(20), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1",
          "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", "benchtap/v1/" + device + "/bad", "-m", "x");

      // An agent's run (status events) and its retained online state, on another device: the
      // run and agent meters are in the scrape too, as are the file sink's.
      String agent = device + "-agent";
      String base = "benchtap/v1/" + agent + "/native/run-agent/sysbench/1/";
      for (String[] m : List.of(new String[] {"benchtap/v1/" + agent + "/agent", "online"},
          new String[] {base + "status", "{\"event\":\"started\",\"command\":\"sysbench cpu run\",\"instances\":1}"},
          new String[] {base + "status", "{\"event\":\"finished\",\"exitCode\":0}"})) {
        assertThat(ItEnv.run(Duration.ofSeconds(20), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1",
            "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", m[0], "-m", m[1])).isZero();
      }
      ItEnv.await("run and agent meters", Duration.ofSeconds(30), () -> serve.metrics().contains("benchtap_agent_online{")
          && serve.metrics().contains("event=\"finished\""));

      // The README's example: streams with output and no status are runs the API knows.
      ItEnv.await("a run per stream in /api/runs", Duration.ofSeconds(60), () -> runs(serve, device).size() == OUTPUTS.size());
      for (JsonObject run : runs(serve, device)) {
        assertThat(run.getString("state")).as("%s", run).isIn("streaming", "idle");
        assertThat(run.getJsonArray("streams").getJsonObject(0).containsKey("exitCode")).isFalse();
      }
      ItEnv.await("every tool's values on /metrics", Duration.ofSeconds(30), () -> OUTPUTS.keySet().stream()
          .allMatch(t -> serve.metrics().contains("tool=\"" + t + "\"")));

      String scrape = serve.metrics();
      // No HELP is empty, and none of benchtap's own meters is left with SelfMetrics' catalog pointer.
      assertThat(scrape.lines().filter(l -> l.startsWith("# HELP ") && (l.contains("benchtap's own metric ") || l.split(" ", 4).length < 4)))
          .as("HELP lines without their own text").isEmpty();
      assertThat(scrape).contains("# HELP benchtap_sink_points_total ", "# HELP jvm_memory_used_bytes ", "# HELP process_cpu_seconds_total ");
      // Every benchmark metric in the scrape carries the HELP its parser declares.
      int declared = 0;
      for (MetricSpec spec : MetricCatalog.standard().all()) {
        if (scrape.contains("\nbenchtap_" + spec.name() + "{")) {
          assertThat(scrape).contains("# HELP benchtap_" + spec.name() + " " + spec.help() + "\n");
          declared++;
        }
      }
      assertThat(declared).as("benchtap metrics with their declared HELP").isGreaterThanOrEqualTo(20);
      assertThat(scrape).doesNotContain("declared by no parser");
      Promtool.Result lint = Promtool.checkMetrics(scrape);
      Set<String> problems = Arrays.stream(lint.output().split("\n")).map(String::strip).filter(l -> !l.isEmpty())
          .collect(Collectors.toCollection(java.util.TreeSet::new));
      // No accepted exception: network throughput is in bytes/s like every other rate.
      assertThat(problems).as("promtool check metrics on a live scrape").isEmpty();
      assertThat(lint.exitCode()).as("promtool exit code; findings: %s", problems).isZero();
      assertThat(scrape).contains("benchtap_throughput_bytes_per_second{").doesNotContain("_bits_per_second");
    }
  }

  private static List<JsonObject> runs(ServeHarness serve, String device) {
    return new JsonArray(ItEnv.http(serve.base() + "/api/runs").body()).stream().map(JsonObject.class::cast)
        .filter(r -> device.equals(r.getString("device"))).toList();
  }
}
