package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way with real processes: a real {@code sysbench cpu --report-interval=1 --time=5}
 * piped through a real {@code mosquitto_pub -l} into a real Mosquitto, read by {@code java -jar
 * benchtap.jar serve} (a separate JVM), scraped by a real Prometheus and written to a real store
 * that speaks the InfluxDB write protocol (VictoriaMetrics).
 */
class EndToEndIT {
  @TempDir
  static Path dir;
  private static Process serve;
  private static File serveLog;
  private static final String DEVICE = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String RUN = "run-" + System.currentTimeMillis();
  private static String metricsUrl;

  @BeforeAll
  static void startServe() throws Exception {
    serveLog = dir.resolve("serve.log").toFile();
    int port = ItEnv.scrapedHttpPort();
    ScrapedPort.awaitFree(port, Duration.ofSeconds(60));
    serve = new ProcessBuilder("java", "-jar", ItEnv.jar(), "serve",
        "--mqtt-host", "127.0.0.1", "--mqtt-port", String.valueOf(ItEnv.mqttPort()), "--http-port", String.valueOf(port),
        "--set", "mqtt.clientId=benchtap-e2e-" + DEVICE, "--set", "influx.url=" + ItEnv.vmUrl(),
        "--set", "influx.flushIntervalMs=200", "--set", "file.enabled=true", "--set", "file.dir=" + dir.resolve("data"))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serveLog).start();
    metricsUrl = "http://127.0.0.1:" + port + "/metrics";
    ItEnv.await("benchtap serve healthy (log: " + serveLog + ")", Duration.ofSeconds(60),
        () -> ItEnv.http("http://127.0.0.1:" + port + "/health").status() == 200);
  }

  @AfterAll
  static void stopServe() throws Exception {
    ScrapedPort.stop(serve, ItEnv.scrapedHttpPort());
  }

  @Test
  void liveSysbenchRunReachesMetricsPrometheusAndTheInfluxStore() throws Exception {
    Path captured = dir.resolve("sysbench.out");
    String topic = "benchtap/v1/" + DEVICE + "/native/" + RUN + "/sysbench/1/out";
    Process bench = new ProcessBuilder("sh", "-c",
        "stdbuf -oL sysbench cpu --threads=2 --report-interval=1 --time=5 run | tee " + captured
            + " | mosquitto_pub -h 127.0.0.1 -p " + ItEnv.mqttPort() + " -q 1 -l -t " + topic)
        .redirectErrorStream(true).redirectOutput(dir.resolve("bench.log").toFile()).start();

    // Live: an interval value shows up in /metrics while sysbench is still running.
    String intervalSelector = "device=\"" + DEVICE + "\"";
    List<Double> liveValues = new ArrayList<>();
    ItEnv.await("a live interval value in /metrics during the run", Duration.ofSeconds(20), () -> {
      double v = ItEnv.sample(ItEnv.http(metricsUrl).body(), "benchtap_events_per_second", intervalSelector, "phase=\"interval\"");
      if (!Double.isNaN(v) && bench.isAlive()) {
        liveValues.add(v);
        return true;
      }
      return false;
    });
    assertThat(bench.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bench.exitValue()).isZero();
    assertThat(liveValues.get(0)).isPositive();

    // Final: the summary value equals what sysbench printed.
    String out = Files.readString(captured);
    double expectedEps = number(out, "events per second:\\s+([0-9.]+)");
    double expectedEvents = number(out, "total number of events:\\s+([0-9]+)");
    ItEnv.await("the final events_per_second in /metrics", Duration.ofSeconds(20), () ->
        !Double.isNaN(ItEnv.sample(ItEnv.http(metricsUrl).body(), "benchtap_events_per_second", intervalSelector, "phase=\"final\"")));
    String metrics = ItEnv.http(metricsUrl).body();
    assertThat(ItEnv.sample(metrics, "benchtap_events_per_second", intervalSelector, "phase=\"final\"")).isEqualTo(expectedEps);
    assertThat(ItEnv.sample(metrics, "benchtap_events_total", intervalSelector, "phase=\"final\"")).isEqualTo(expectedEvents);
    assertThat(metrics).doesNotContain(RUN);

    // Prometheus scraped it: ask its HTTP API.
    String query = URLEncoder.encode("benchtap_events_per_second{device=\"" + DEVICE + "\",phase=\"final\"}", StandardCharsets.UTF_8);
    ItEnv.await("Prometheus has scraped the final value", Duration.ofSeconds(30), () -> {
      JsonArray result = new JsonObject(ItEnv.http(ItEnv.promUrl() + "/api/v1/query?query=" + query).body())
          .getJsonObject("data").getJsonArray("result");
      return !result.isEmpty() && Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1)) == expectedEps;
    });

    // The same points landed in the InfluxDB-protocol store, with the run id as a tag there.
    String match = URLEncoder.encode("{__name__=\"sysbench_events_per_second\",device=\"" + DEVICE + "\"}", StandardCharsets.UTF_8);
    List<JsonObject> series = new ArrayList<>();
    ItEnv.await("VictoriaMetrics returns the final point", Duration.ofSeconds(30), () -> {
      ItEnv.http(ItEnv.vmUrl() + "/internal/force_flush");
      series.clear();
      ItEnv.http(ItEnv.vmUrl() + "/api/v1/export?match[]=" + match).body().lines()
          .filter(l -> !l.isBlank()).forEach(l -> series.add(new JsonObject(l)));
      return series.stream().anyMatch(s -> "final".equals(s.getJsonObject("metric").getString("phase")));
    });
    JsonObject fin = series.stream().filter(s -> "final".equals(s.getJsonObject("metric").getString("phase"))).findFirst().orElseThrow();
    assertThat(fin.getJsonObject("metric").getString("run")).isEqualTo(RUN);
    assertThat(fin.getJsonArray("values").getDouble(0)).isEqualTo(expectedEps);
    JsonObject interval = series.stream().filter(s -> "interval".equals(s.getJsonObject("metric").getString("phase"))).findFirst().orElseThrow();
    assertThat(interval.getJsonArray("values").size()).isGreaterThanOrEqualTo(3);

    // And the line-protocol file has them too (file sink forced on beside InfluxDB).
    String lp = Files.readString(Files.list(dir.resolve("data")).filter(p -> p.toString().endsWith(".lp")).findFirst().orElseThrow());
    assertThat(lp).contains("device=" + DEVICE).contains("phase=final,run=" + RUN + " events_per_second=");
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("sysbench output has %s", regex).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
