package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small campaign for real, as root: sysbench and HPL (hpcc) natively and in an LXC container, iperf3 and
 * nuttcp between the TM and DUT namespaces natively, over veth+bridge and over macvlan, streamed
 * by `benchtap campaign run` (a separate JVM) through the real Mosquitto into the pipeline. Nothing
 * may be left behind: no namespace, no link, no container.
 */
class CampaignIT {
  @TempDir
  Path dir;

  static String sh(String cmd) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  @Test
  void nativeAndLxcResultsArriveWithTheirEnvAndNetAndNothingIsLeftBehind() throws Exception {
    String device = "camp-" + UUID.randomUUID().toString().substring(0, 6);
    Path file = dir.resolve("it.yaml");
    Files.writeString(file, String.join("\n",
        "name: it",
        "envs: [native, lxc]",
        "nets: [veth, macvlan]",
        "instances: [1]",
        "repetitions: {count: 1}",
        "tools:",
        "  - name: sysbench-cpu",
        "    tool: sysbench",
        "    command: sysbench cpu --cpu-max-prime=5000 --threads=1 --events=500 --time=0 --report-interval=1 run",
        "    headline: {metric: total_time_seconds, aggregate: mean}",
        "  - name: hpl",
        "    tool: hpl",
        "    command: agent/scripts/hpcc-run.sh 300 60",
        "    headline: {metric: flops_per_second, aggregate: sum}",
        "  - name: iperf3",
        "    tool: iperf3",
        "    server: iperf3 -s -1 -B {server} -p 52{instance2}",
        "    command: iperf3 -c {server} -p 52{instance2} -t 2 -i 1 --forceflush",
        "    headline: {metric: throughput_bits_per_second, labels: {direction: receiver}, aggregate: sum}",
        "  - name: nuttcp",
        "    tool: nuttcp",
        "    server: nuttcp -S --nofork -P5{instance2}0 -p5{instance2}1",
        "    command: nuttcp -P5{instance2}0 -p5{instance2}1 -T2 -i1 {server}",
        "    headline: {metric: throughput_bits_per_second, aggregate: sum}",
        ""));
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + device, "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      File log = dir.resolve("campaign.log").toFile();
      int code;
      try {
        code = ItEnv.run(Duration.ofMinutes(5), log, "java", "-jar", ItEnv.jar(), "campaign", "run", file.toString(),
            "--mqtt-port", String.valueOf(ItEnv.mqttPort()), "--device", device, "--work-dir", dir.resolve("work").toString());
      } finally {
        assertThat(sh("ip netns list")).as("namespaces left").doesNotContain("tm").doesNotContain("dut");
        assertThat(sh("ip -o link show")).as("links left").doesNotMatch("(?s).*\\bbt[a-z0-9]+(tm|dut|br|d|t)\\b.*");
        assertThat(sh("lxc-ls --running 2>/dev/null || true").trim()).as("containers left").isEmpty();
      }
      assertThat(code).as("campaign exit code; log:\n%s", Files.readString(log.toPath())).isZero();
      String metrics = serve.metrics();
      String d = "device=\"" + device + "\"";
      assertThat(ItEnv.sample(metrics, "benchtap_total_time_seconds", d, "env=\"native\"", "net=\"host\"", "tool=\"sysbench\"")).isPositive();
      assertThat(ItEnv.sample(metrics, "benchtap_total_time_seconds", d, "env=\"lxc\"", "net=\"none\"", "tool=\"sysbench\"")).isPositive();
      for (String env : new String[] {"native", "lxc"}) {
        assertThat(ItEnv.sample(metrics, "benchtap_flops_per_second", d, "env=\"" + env + "\"", "tool=\"hpl\"",
            "phase=\"final\"")).as("HPL " + env).isPositive();
      }
      for (String tool : new String[] {"iperf3", "nuttcp"}) {
        assertThat(ItEnv.sample(metrics, "benchtap_throughput_bits_per_second", d, "env=\"native\"", "net=\"host\"",
            "tool=\"" + tool + "\"", "phase=\"final\"")).as(tool + " native").isPositive();
        for (String net : new String[] {"veth", "macvlan"}) {
          assertThat(ItEnv.sample(metrics, "benchtap_throughput_bits_per_second", d, "env=\"lxc\"", "net=\"" + net + "\"",
              "tool=\"" + tool + "\"", "phase=\"final\"")).as(tool + " lxc " + net).isPositive();
        }
      }
      assertThat(ItEnv.sample(metrics, "benchtap_run_events_total", d, "event=\"failed\"")).isIn(Double.NaN, 0.0);
    }
  }
}
