package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real netperf (bin/setup installs it from Debian non-free) against a real netserver on a free
 * loopback port, its output streamed with {@code mosquitto_pub -l} through the real Mosquitto into
 * a real {@code benchtap serve}: TCP_RR, UDP_RR and TCP_STREAM for a second each, and a run with
 * nothing listening. Each value on /metrics is checked against the figure netperf printed.
 * Skipped only where netperf or netserver is not installed.
 */
class NetperfToolIT {
  @TempDir
  static Path dir;
  private static ServeHarness serve;
  private static Process netserver;
  private static int port;
  private static final String DEVICE = "netperf-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v netperf && command -v netserver").start();
    assumeThat(which.waitFor()).as("netperf and netserver installed (bin/setup)").isZero();
    port = ItEnv.freePort();
    netserver = new ProcessBuilder("netserver", "-D", "-L", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(dir.resolve("netserver.log").toFile()).start();
    ItEnv.await("netserver listening on 127.0.0.1:" + port, Duration.ofSeconds(20), () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + DEVICE, "http.port", "0", "file.enabled", "false"));
    ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
    if (netserver != null) {
      netserver.destroy();
      netserver.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs {@code netperf ARGS} with its output teed to a file and published on instance {@code
   * instance}'s out topic (after a started status naming the command line); returns the output.
   */
  private String stream(String instance, String args) throws Exception {
    String command = "netperf -H 127.0.0.1 " + args;
    String base = "benchtap/v1/" + DEVICE + "/native/r1/netperf/" + instance;
    File log = dir.resolve(instance + "-pub.log").toFile();
    String started = new JsonObject().put("event", "started").put("command", command).put("net", "host").encode();
    assertThat(ItEnv.run(Duration.ofSeconds(30), log, "mosquitto_pub", "-h", "127.0.0.1", "-p",
        String.valueOf(ItEnv.mqttPort()), "-q", "1", "-t", base + "/status", "-m", started)).isZero();
    Path out = dir.resolve(instance + ".out");
    int code = ItEnv.run(Duration.ofSeconds(120), log, "sh", "-c", command + " 2>&1 | tee " + out
        + " | mosquitto_pub -h 127.0.0.1 -p " + ItEnv.mqttPort() + " -q 1 -l -t " + base + "/out");
    assertThat(code).as("netperf | mosquitto_pub; log in %s", log).isZero();
    return Files.readString(out);
  }

  private static double finalValue(String metric, String instance, String... more) {
    String[] fragments = new String[more.length + 4];
    fragments[0] = "device=\"" + DEVICE + "\"";
    fragments[1] = "instance=\"" + instance + "\"";
    fragments[2] = "tool=\"netperf\"";
    fragments[3] = "phase=\"final\"";
    System.arraycopy(more, 0, fragments, 4, more.length);
    return ItEnv.sample(serve.metrics(), metric, fragments);
  }

  /** The transaction rate arrives as printed (%.2f in the result row), the latency as its inverse. */
  private void requestResponse(String instance, String test, String benchmark) throws Exception {
    String output = stream(instance, "-p " + port + " -t " + test + " -l 1 -- -r 100,200");
    ItEnv.await(test + ": transactions_per_second on /metrics", Duration.ofSeconds(30),
        () -> finalValue("benchtap_transactions_per_second", instance) > 0);
    double rate = finalValue("benchtap_transactions_per_second", instance, "benchmark=\"" + benchmark + "\"");
    assertThat(output).as("netperf output").contains(String.format(Locale.ROOT, " %.2f ", rate));
    ItEnv.await(test + ": round_trip_latency_seconds on /metrics", Duration.ofSeconds(30),
        () -> finalValue("benchtap_round_trip_latency_seconds", instance) > 0);
    double latency = finalValue("benchtap_round_trip_latency_seconds", instance, "benchmark=\"" + benchmark + "\"");
    assertThat(latency * rate).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void tcpRrTransactionsAndRoundTripLatencyReachMetrics() throws Exception {
    requestResponse("1", "TCP_RR", "tcp_rr");
  }

  @Test
  void udpRrTransactionsAndRoundTripLatencyReachMetrics() throws Exception {
    requestResponse("2", "UDP_RR", "udp_rr");
  }

  @Test
  void tcpStreamThroughputReachesMetricsInBytesPerSecond() throws Exception {
    String output = stream("3", "-p " + port + " -t TCP_STREAM -l 1");
    ItEnv.await("TCP_STREAM: throughput_bytes_per_second on /metrics", Duration.ofSeconds(30),
        () -> finalValue("benchtap_throughput_bytes_per_second", "3", "benchmark=\"tcp_stream\"") > 0);
    double bytes = finalValue("benchtap_throughput_bytes_per_second", "3", "benchmark=\"tcp_stream\"");
    // netperf prints 10^6 bits/s with two decimals
    assertThat(output).as("netperf output").contains(String.format(Locale.ROOT, " %.2f ", bytes * 8 / 1e6));
    assertThat(ItEnv.sample(serve.metrics(), "benchtap_parse_unparsed_lines_total", "tool=\"netperf\""))
        .as("unparsed netperf lines; outputs in %s", dir).isIn(Double.NaN, 0.0);
  }

  @Test
  void noNetserverListeningFailsTheRun() throws Exception {
    int closed = ItEnv.freePort();
    String output = stream("4", "-p " + closed + " -t TCP_RR -l 1");
    assertThat(output).contains("are you sure there is a netserver listening on 127.0.0.1 at port " + closed);
    ItEnv.await("the failed run counted", Duration.ofSeconds(30), () -> ItEnv.sample(serve.metrics(),
        "benchtap_run_events_total", "device=\"" + DEVICE + "\"", "tool=\"netperf\"", "event=\"failed\"") == 1);
  }
}
