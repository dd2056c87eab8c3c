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
 * A small campaign for real, as root: sysbench, HPL and STREAM (hpcc) natively and in an LXC
 * container, iperf3 and nuttcp in both directions between the TM and DUT namespaces natively, over
 * veth+bridge and over macvlan, streamed by `benchtap campaign run` (a separate JVM) through the
 * real Mosquitto into the pipeline; netperf TCP_RR and UDP_RR natively, over veth and over macvlan
 * with the netserver inside the container (bin/setup installs netperf; where it is not installed,
 * its cells are skipped with one line per tool).
 * Nothing may be left behind: no namespace, no link, no container.
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
        "    headline: {metric: throughput_bytes_per_second, labels: {direction: receiver}, aggregate: sum}",
        "  - name: stream",
        "    tool: stream",
        "    command: agent/scripts/hpcc-run.sh 300 60",
        "    headline: {metric: memory_bandwidth_bytes_per_second, labels: {op: triad, mode: single}, aggregate: sum}",
        "  - name: nuttcp-rx",
        "    tool: nuttcp",
        "    server: nuttcp -S --nofork -P5{instance2}0 -p5{instance2}1",
        "    command: nuttcp -t -P5{instance2}0 -p5{instance2}1 -T2 -i1 {server}",
        "    headline: {metric: throughput_bytes_per_second, labels: {direction: sender}, aggregate: sum}",
        "  - name: nuttcp-tx",
        "    tool: nuttcp",
        "    server: nuttcp -S --nofork -P5{instance2}0 -p5{instance2}1",
        "    command: nuttcp -r -P5{instance2}0 -p5{instance2}1 -T2 -i1 {server}",
        "    headline: {metric: throughput_bytes_per_second, labels: {direction: receiver}, aggregate: sum}",
        "  - name: netperf-tcp-rr",
        "    tool: netperf",
        "    server: netserver -D -L {server} -p 12{instance2}0",
        "    command: netperf -H {server} -p 12{instance2}0 -t TCP_RR -l 2 -- -r 100,200",
        "    headline: {metric: round_trip_latency_seconds, aggregate: mean}",
        "    install: build it from https://github.com/HewlettPackard/netperf",
        "  - name: netperf-udp-rr",
        "    tool: netperf",
        "    server: netserver -D -L {server} -p 13{instance2}0",
        "    command: netperf -H {server} -p 13{instance2}0 -t UDP_RR -l 2 -- -r 100,200",
        "    headline: {metric: round_trip_latency_seconds, aggregate: mean}",
        "    install: build it from https://github.com/HewlettPackard/netperf",
        ""));
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + device, "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      File log = dir.resolve("campaign.log").toFile();
      int code;
      try {
        code = ItEnv.run(Duration.ofMinutes(8), log, "java", "-jar", ItEnv.jar(), "campaign", "run", file.toString(),
            "--mqtt-port", String.valueOf(ItEnv.mqttPort()), "--device", device, "--work-dir", dir.resolve("work").toString());
      } finally {
        assertThat(sh("ip netns list")).as("namespaces left").doesNotContain("tm").doesNotContain("dut");
        assertThat(sh("ip -o link show")).as("links left").doesNotMatch("(?s).*\\bbt[a-z0-9]+(tm|dut|br|d|t)\\b.*");
        assertThat(sh("lxc-ls --running 2>/dev/null || true").trim()).as("containers left").isEmpty();
      }
      String campaignLog = Files.readString(log.toPath());
      assertThat(code).as("campaign exit code; log:\n%s", campaignLog).isZero();
      boolean netperf = sh("command -v netperf && command -v netserver").lines().count() == 2;
      if (!netperf) {
        // One line for the tool, not one per cell, and the summary counts its cells.
        assertThat(campaignLog.lines().filter(l -> l.contains("netperf-tcp-rr"))).as(campaignLog).containsExactly(
            "skipped netperf-tcp-rr: 3 cell(s) skipped: netperf is not installed (build it from https://github.com/HewlettPackard/netperf)",
            "benchtap campaign:   skipped netperf-tcp-rr: 3 cell(s) skipped: netperf is not installed (build it from "
                + "https://github.com/HewlettPackard/netperf)");
        assertThat(campaignLog).as(campaignLog).containsPattern("done: 15 cell\\(s\\) run, 6 skipped, 0 with a failed repetition");
      } else {
        assertThat(campaignLog).as(campaignLog).containsPattern("done: 21 cell\\(s\\) run, 0 skipped, 0 with a failed repetition");
      }
      String metrics = serve.metrics();
      String d = "device=\"" + device + "\"";
      if (netperf) {
        // the netserver on the DUT: natively, and inside the container over veth and over macvlan
        for (String bench : new String[] {"tcp_rr", "udp_rr"}) {
          for (String[] where : new String[][] {{"native", "host"}, {"lxc", "veth"}, {"lxc", "macvlan"}}) {
            assertThat(ItEnv.sample(metrics, "benchtap_round_trip_latency_seconds", d, "env=\"" + where[0] + "\"",
                "net=\"" + where[1] + "\"", "tool=\"netperf\"", "benchmark=\"" + bench + "\"", "phase=\"final\""))
                .as("netperf %s %s/%s; log:%n%s", bench, where[0], where[1], campaignLog).isPositive();
          }
        }
      }
      assertThat(ItEnv.sample(metrics, "benchtap_total_time_seconds", d, "env=\"native\"", "net=\"host\"", "tool=\"sysbench\"")).isPositive();
      assertThat(ItEnv.sample(metrics, "benchtap_total_time_seconds", d, "env=\"lxc\"", "net=\"none\"", "tool=\"sysbench\"")).isPositive();
      for (String env : new String[] {"native", "lxc"}) {
        assertThat(ItEnv.sample(metrics, "benchtap_flops_per_second", d, "env=\"" + env + "\"", "tool=\"hpl\"",
            "phase=\"final\"")).as("HPL " + env).isPositive();
      }
      for (String env : new String[] {"native", "lxc"}) {
        assertThat(ItEnv.sample(metrics, "benchtap_memory_bandwidth_bytes_per_second", d, "env=\"" + env + "\"",
            "tool=\"stream\"", "op=\"triad\"", "mode=\"single\"", "phase=\"final\"")).as("STREAM " + env).isPositive();
      }
      // nuttcp both ways (direction is the TM client's role: sender = the DUT receives, receiver = the DUT transmits).
      for (String tool : new String[] {"iperf3", "nuttcp/sender", "nuttcp/receiver"}) {
        String[] t = tool.split("/");
        String dir = t.length > 1 ? "direction=\"" + t[1] + "\"" : "direction=\"receiver\"";
        assertThat(ItEnv.sample(metrics, "benchtap_throughput_bytes_per_second", d, "env=\"native\"", "net=\"host\"",
            "tool=\"" + t[0] + "\"", dir, "phase=\"final\"")).as(tool + " native").isPositive();
        for (String net : new String[] {"veth", "macvlan"}) {
          assertThat(ItEnv.sample(metrics, "benchtap_throughput_bytes_per_second", d, "env=\"lxc\"", "net=\"" + net + "\"",
              "tool=\"" + t[0] + "\"", dir, "phase=\"final\"")).as(tool + " lxc " + net).isPositive();
        }
      }
      assertThat(ItEnv.sample(metrics, "benchtap_run_events_total", d, "event=\"failed\"")).isIn(Double.NaN, 0.0);
    }
  }
}
