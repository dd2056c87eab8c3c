package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real network benchmarks on loopback, streamed live through the real Mosquitto: interval values
 * show up in /metrics while the client still runs, and the final summary after it.
 */
class LiveToolsIT {
  @TempDir
  static Path dir;
  private static ServeHarness serve;
  private static final String DEVICE = "live-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + DEVICE, "http.port", "0", "file.enabled", "false"));
    ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    serve.close();
  }

  /** Starts a server process, streams a client's output over MQTT, checks live then final values. */
  private void streamLive(String tool, String[] server, String client, String metric) throws Exception {
    Process srv = new ProcessBuilder(server).redirectErrorStream(true).redirectOutput(dir.resolve(tool + "-server.log").toFile()).start();
    try {
      Thread.sleep(500);
      String base = "benchtap/v1/" + DEVICE + "/native/r1/" + tool + "/1";
      String started = new JsonObject().put("event", "started").put("command", client).put("net", "host").encode();
      assertThat(ItEnv.run(Duration.ofSeconds(10), dir.resolve("pub.log").toFile(), "mosquitto_pub", "-h", "127.0.0.1",
          "-p", String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", base + "/status", "-m", started)).isZero();
      Process cli = new ProcessBuilder("sh", "-c", "stdbuf -oL " + client + " 2>&1 | mosquitto_pub -h 127.0.0.1 -p "
          + ItEnv.mqttPort() + " -q 1 -l -t " + base + "/out").redirectErrorStream(true)
          .redirectOutput(dir.resolve(tool + "-client.log").toFile()).start();
      String selector = "device=\"" + DEVICE + "\"";
      boolean[] liveWhileRunning = {false};
      ItEnv.await(tool + ": a live interval " + metric + " while the client runs", Duration.ofSeconds(15), () -> {
        double v = ItEnv.sample(serve.metrics(), metric, selector, "tool=\"" + tool + "\"", "phase=\"interval\"");
        liveWhileRunning[0] = !Double.isNaN(v) && v > 0 && cli.isAlive();
        return liveWhileRunning[0];
      });
      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
      ItEnv.await(tool + ": the final " + metric, Duration.ofSeconds(15), () -> ItEnv.sample(serve.metrics(), metric, selector,
          "tool=\"" + tool + "\"", "phase=\"final\"") > 0);
      assertThat(ItEnv.sample(serve.metrics(), "benchtap_parse_unparsed_lines_total", "tool=\"" + tool + "\""))
          .as("unparsed %s lines; client output in %s", tool, dir).isIn(Double.NaN, 0.0);
    } finally {
      srv.destroy();
      srv.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void iperf3IntervalsAreLive() throws Exception {
    int port = ItEnv.freePort();
    streamLive("iperf3", new String[] {"iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", String.valueOf(port)},
        "iperf3 -c 127.0.0.1 -p " + port + " -t 4 -i 1 --forceflush", "benchtap_throughput_bytes_per_second");
  }

  @Test
  void nuttcpIntervalsAreLive() throws Exception {
    int control = ItEnv.freePort();
    int data = ItEnv.freePort();
    streamLive("nuttcp", new String[] {"nuttcp", "-S", "--nofork", "-P" + control, "-p" + data},
        "nuttcp -P" + control + " -p" + data + " -T4 -i1 127.0.0.1", "benchtap_throughput_bytes_per_second");
  }

  @Test
  void sysbenchIntervalsAreLive() throws Exception {
    streamLive("sysbench", new String[] {"true"}, "sysbench cpu --threads=1 --report-interval=1 --time=4 run",
        "benchtap_events_per_second");
  }

  @Test
  void importedOldLogsReachTheInfluxStore() throws Exception {
    Path log = dir.resolve("old-iperf3.txt");
    Files.copy(Path.of("src/test/resources/outputs/iperf3/iperf3_tcp_client.txt"), log);
    String dev = "import-" + UUID.randomUUID().toString().substring(0, 6);
    int code = ItEnv.run(Duration.ofSeconds(60), dir.resolve("import.log").toFile(), "java", "-jar", ItEnv.jar(), "import",
        "--device", dev, "--env", "lxc", "--net", "macvlan", "--run", "backfill-1", "--time", java.time.Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
        "--set", "influx.url=" + ItEnv.vmUrl(), "--set", "influx.flushIntervalMs=100", log.toString());
    assertThat(code).as("import exit code; log in %s", dir).isZero();
    String match = java.net.URLEncoder.encode("{__name__=\"iperf3_throughput_bytes_per_second\",device=\"" + dev + "\"}",
        java.nio.charset.StandardCharsets.UTF_8);
    ItEnv.await("imported points in VictoriaMetrics", Duration.ofSeconds(30), () -> {
      ItEnv.http(ItEnv.vmUrl() + "/internal/force_flush");
      return ItEnv.http(ItEnv.vmUrl() + "/api/v1/export?match[]=" + match).body().contains("\"phase\":\"final\"");
    });
  }
}
