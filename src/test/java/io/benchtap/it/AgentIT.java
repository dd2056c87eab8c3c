package io.benchtap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java agent ({@code benchtap agent run}, a separate JVM) streaming real runs. */
class AgentIT {
  @TempDir
  Path dir;

  static List<String> agentCommand(int port, String device, String... rest) {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", ItEnv.jar(), "agent", "run", "--mqtt-port", String.valueOf(port),
        "--device", device, "--run", "r1"));
    cmd.addAll(List.of(rest));
    return cmd;
  }

  /** Measurements as comparable strings: metric, labels, phase, value. */
  static List<String> keys(List<Measurement> ms) {
    List<String> out = new ArrayList<>();
    ms.forEach(m -> out.add(m.benchmark() + " " + m.metric() + m.labels() + " " + m.phase().wire() + "=" + m.value()));
    Collections.sort(out);
    return out;
  }

  @Test
  void agentOutputParsesExactlyAsTheFileItStreamed() throws Exception {
    String device = "javaagent-" + UUID.randomUUID().toString().substring(0, 6);
    Path fixture = Path.of("src/test/resources/outputs/sysbench/sysbench10_cpu_t2_interval.txt").toAbsolutePath();
    try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(ItEnv.mqttPort()),
        "mqtt.clientId", "benchtap-" + device, "http.port", "0", "file.enabled", "false"))) {
      ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
      List<Measurement> received = Collections.synchronizedList(new ArrayList<>());
      serve.vertx.eventBus().<MeasurementBatch>localConsumer(MeasurementBatch.ADDRESS, m ->
          m.body().measurements().stream().filter(x -> x.device().equals(device) && x.tool().equals("sysbench")).forEach(received::add));
      File log = dir.resolve("agent.log").toFile();
      assertThat(ItEnv.run(Duration.ofSeconds(60), log, agentCommand(ItEnv.mqttPort(), device,
          "--tool", "sysbench", "--", "cat", fixture.toString()).toArray(String[]::new))).isZero();
      List<Measurement> offline = ParseOnce.parse("sysbench", fixture);
      ItEnv.await("every measurement of the file arrived", Duration.ofSeconds(20), () -> received.size() >= offline.size());
      assertThat(keys(received)).isEqualTo(keys(offline));
      assertThat(received).allSatisfy(m -> assertThat(m.timeSource().wire()).isEqualTo("device"));
    }
  }

  @Test
  void brokerRestartMidRunLosesNoLineAndCountsNoneTwice() throws Exception {
    String device = "restart-" + UUID.randomUUID().toString().substring(0, 6);
    try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"))) {
      broker.start();
      try (ServeHarness serve = new ServeHarness(Map.of("mqtt.host", "127.0.0.1", "mqtt.port", String.valueOf(broker.port),
          "mqtt.clientId", "benchtap-" + device, "http.port", "0", "file.enabled", "false",
          "mqtt.reconnectInitialDelayMs", "100", "mqtt.reconnectMaxDelayMs", "500"))) {
        ItEnv.await("subscribed", Duration.ofSeconds(20), () -> ItEnv.http(serve.base() + "/health").status() == 200);
        File log = dir.resolve("agent.log").toFile();
        Process agent = new ProcessBuilder(agentCommand(broker.port, device, "-N", "2", "--",
            "sysbench", "cpu", "--threads=1", "--time=8", "--report-interval=1", "run"))
            .redirectErrorStream(true).redirectOutput(log).start();
        ItEnv.await("first interval values", Duration.ofSeconds(20), () ->
            !Double.isNaN(ItEnv.sample(serve.metrics(), "benchtap_events_per_second", "device=\"" + device + "\"")));
        broker.stop();
        Thread.sleep(2500);
        broker.start();
        assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as("agent finished; log %s", log).isTrue();
        assertThat(agent.exitValue()).isZero();
        String agentLog = Files.readString(log.toPath());
        Matcher m = Pattern.compile("(\\d+) line\\(s\\) streamed").matcher(agentLog);
        assertThat(m.find()).as("agent summary in %s", agentLog).isTrue();
        long streamed = Long.parseLong(m.group(1));
        assertThat(agentLog).as("the agent noticed the broker restart").contains("lost the broker");
        ItEnv.await("every streamed line counted once", Duration.ofSeconds(30), () ->
            ItEnv.sample(serve.metrics(), "benchtap_ingest_lines_total", "tool=\"sysbench\"") == streamed);
        Thread.sleep(1000);
        assertThat(ItEnv.sample(serve.metrics(), "benchtap_ingest_lines_total", "tool=\"sysbench\"")).isEqualTo(streamed);
        for (String instance : List.of("1", "2")) {
          assertThat(ItEnv.sample(serve.metrics(), "benchtap_events_per_second", "device=\"" + device + "\"",
              "instance=\"" + instance + "\"", "phase=\"final\"")).isPositive();
        }
        assertThat(ItEnv.sample(serve.metrics(), "benchtap_run_events_total", "device=\"" + device + "\"", "event=\"finished\""))
            .isEqualTo(2);
      }
    }
  }
}
